package main

import "math"

func main() {
	for _, x := range []float64{0, -0.0, 0.5, 1.5, 2.5, -2.5, 1e300, math.Inf(1), math.NaN(), 3.7, -3.7} {
		i, f := math.Modf(x)
		println(math.Sqrt(x), math.Floor(x), math.Ceil(x), math.Trunc(x), math.Round(x), math.RoundToEven(x), math.Exp(x), math.Log(x), math.Exp2(x), i, f, math.Hypot(x, 3))
	}
	println(math.Max(1, 2), math.Min(1, 2), math.Max(0, math.Copysign(0, -1)), math.Min(0, math.Copysign(0, -1)), math.Max(math.NaN(), 1), math.Min(math.Inf(-1), math.NaN()))
	println(math.Sin(1), math.Cos(1), math.Tan(1), math.Atan2(1, 2), math.Pow(2, 0.5), math.Cbrt(27), math.Erf(0.5), math.Gamma(5.5))
}
