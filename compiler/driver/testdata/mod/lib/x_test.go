package lib_test

import (
	"testing"

	"example.com/m/lib"
)

//go:embed data.txt
var d string

func TestY(t *testing.T) { _ = lib.X }
