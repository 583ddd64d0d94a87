package embedbad

import _ "embed"

//go:embed nothere.txt
var s string
