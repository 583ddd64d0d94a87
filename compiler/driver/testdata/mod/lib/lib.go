//go:build linux && (amd64 || arm64)

// Package lib is test data.
package lib

import (
	_ "embed"
	str "strings"

	"example.com/m/internal/secret"
)

//go:embed data.txt
var data string

//go:embed "quoted.txt" `raw*.txt`
var more string

var X = str.ToUpper(data) + secret.S
