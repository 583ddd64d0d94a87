// Package greet is a small library for rules_rog's own tests.
package greet

import (
	"fmt"
	"strings"
)

// Version is set with x_defs in the tests.
var Version = "unset"

// Hello greets names, sorted as given.
func Hello(names ...string) string {
	return fmt.Sprintf("hello, %s", strings.Join(names, " and "))
}

func shout(s string) string { return strings.ToUpper(s) + "!" }
