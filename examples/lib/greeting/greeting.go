// Package greeting builds the service's replies.
package greeting

import (
	"fmt"
	"strings"
)

// For returns the greeting for name; an empty name greets the world.
func For(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "world"
	}
	return fmt.Sprintf("hello, %s", name)
}
