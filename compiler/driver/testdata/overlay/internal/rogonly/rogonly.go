// Package rogonly is an overlay package whose path does not exist in GOROOT.
package rogonly

// Name marks the overlay.
const Name = "rog"
