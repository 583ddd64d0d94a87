package lib

import "testing"

func TestX(t *testing.T) {}
