package greet

import "testing"

// An internal test: sees unexported identifiers.
func TestShout(t *testing.T) {
	if got := shout("hi"); got != "HI!" {
		t.Fatalf("shout(hi) = %q", got)
	}
}
