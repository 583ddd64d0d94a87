package greet_test

import (
	"fmt"
	"os"
	"testing"

	"example.com/rules_rog/tests/greet"
)

func TestHello(t *testing.T) {
	if got := greet.Hello("a", "b"); got != "hello, a and b" {
		t.Fatalf("Hello = %q", got)
	}
}

// The test runs in its package directory, with its data in runfiles.
func TestRunsInPackageDir(t *testing.T) {
	b, err := os.ReadFile("testdata/names.txt")
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != "gopher\n" {
		t.Fatalf("names.txt = %q", b)
	}
}

func ExampleHello() {
	fmt.Println(greet.Hello("gopher"))
	// Output: hello, gopher
}
