// Regression: a package-level var that converts T to an interface above
// T's method declarations (io's var _ Writer = discard{}).
package p

type Writer interface {
	Write(p []byte) (n int, err error)
}

var _ Writer = discard{}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
