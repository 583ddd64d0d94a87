// Package calc is a dependency of the nostd binary: it imports nothing from
// the standard library, so it builds with the rog toolchain today.
package calc

// Stack is a tiny integer stack machine.
type Stack struct{ vals []int }

// Push pushes v.
func (s *Stack) Push(v int) { s.vals = append(s.vals, v) }

// Apply pops two values and pushes op applied to them.
func (s *Stack) Apply(op byte) {
	n := len(s.vals)
	a, b := s.vals[n-2], s.vals[n-1]
	s.vals = s.vals[:n-2]
	switch op {
	case '+':
		s.Push(a + b)
	case '*':
		s.Push(a * b)
	case '-':
		s.Push(a - b)
	default:
		panic("calc: unknown operator " + string(op))
	}
}

// Top returns the top of the stack.
func (s *Stack) Top() int { return s.vals[len(s.vals)-1] }

// Eval evaluates a postfix expression of single digits and + * -.
func Eval(expr string) (result int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errorString(r.(string))
		}
	}()
	var s Stack
	for i := 0; i < len(expr); i++ {
		c := expr[i]
		if c >= '0' && c <= '9' {
			s.Push(int(c - '0'))
		} else if c != ' ' {
			s.Apply(c)
		}
	}
	return s.Top(), nil
}

type errorString string

func (e errorString) Error() string { return string(e) }
