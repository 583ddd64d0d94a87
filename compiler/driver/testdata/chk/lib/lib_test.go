package lib

import "testing"

func TestM(t *testing.T) {
	if (T{3}).M() != 3 {
		t.Fatal("M")
	}
}
