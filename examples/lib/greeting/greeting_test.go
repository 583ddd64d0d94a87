package greeting

import "testing"

func TestFor(t *testing.T) {
	for in, want := range map[string]string{"": "hello, world", " gopher ": "hello, gopher"} {
		if got := For(in); got != want {
			t.Errorf("For(%q) = %q, want %q", in, got, want)
		}
	}
}
