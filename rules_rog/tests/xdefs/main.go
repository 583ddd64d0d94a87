// Command xdefs prints variables set by x_defs (rog tool link -X / go tool
// link -X): the rog and gc toolchains must print the same.
package main

import "example.com/rules_rog/tests/xdefs/version"

// Build is set by x_defs in package main.
var Build = "unset"

func main() {
	println("version", version.Version, "commit", version.Commit, "derived", version.Derived, "build", "["+Build+"]")
}
