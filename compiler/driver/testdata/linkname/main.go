// Command linkname calls functions whose bodies live in another package
// through //go:linkname (compiler/lower/linkname.c), as std does
// (mime/multipart.readMIMEHeader is net/textproto.readMIMEHeader).
package main

import (
	"example.com/linkname/lib"
	_ "example.com/linkname/impl" // defines lib.Negate; nothing else imports it
)

func main() {
	println(lib.Scaled(4), lib.Negate(5), lib.Pair("a"))
	f := lib.Scale // func value of a linknamed bodyless function
	println(f(7))
}
