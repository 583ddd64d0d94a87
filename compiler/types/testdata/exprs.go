package p

func f() {
	var i int
	var s string
	_ = i + s
	_ = 1 / 0
	_ = "a" + 1
	x := 1.5
	var u uint8 = 256
	var m map[[]int]bool
	_ = m
	i.foo()
	undefinedName()
	_, _ = i, u
	const k = 1 << 600
	var f32 float32 = 1e40
	_ = f32
	var p *int
	p.x = 1
}
