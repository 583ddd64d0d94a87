// Copyright line.

// +build linux,!cgo

package lib

import "os"

var _ = os.Args
