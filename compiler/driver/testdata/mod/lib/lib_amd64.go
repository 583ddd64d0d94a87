package lib

import . "math"

var pi = Pi
