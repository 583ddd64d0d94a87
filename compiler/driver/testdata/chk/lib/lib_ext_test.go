package lib_test

import (
	"testing"

	"example.com/chk/lib"
)

func TestMap(t *testing.T) {
	if got := lib.Map([]int{1, 2}, func(i int) string { return "x" }); len(got) != 2 {
		t.Fatal(got)
	}
}
