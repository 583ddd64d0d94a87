// Package good uses lib and std without errors.
package good

import (
	"strings"

	"example.com/chk/lib"
)

// Upper maps strings.ToUpper over the argument through lib.Map.
func Upper(s []string) []string { return lib.Map(s, strings.ToUpper) }

// Sum adds the values' fields.
func Sum(ts []lib.T) int {
	n := 0
	for _, t := range ts {
		n += t.M()
	}
	return n
}
