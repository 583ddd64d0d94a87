package errors

func f() {
	x := [
	if x {
	}
	for i := 0; i < 3 {
	}
	var y = map[string]int{"a": 1 "b": 2}
}

func g(a int, string) {}

type T struct { (int) }
