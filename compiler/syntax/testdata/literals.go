package literals

const (
	a = 0x1p-2 + 0X_1FFFP-16 + 0b1010 + 0o17 + 017 + 1_000_000
	b = 1.5e3i + .25 + 1. + 0i
	c = 'x' + '\n' + '\u00e9' + '\U0001F600' + '\377' + '\x7f'
	d = "esc\t\"q\"" + `raw
string`
)
