// Command nostd evaluates a few postfix expressions with package calc. It
// imports nothing from the standard library (print goes to stderr), so the
// rog and gc toolchains must give the same output; nostd_test.sh checks it.
package main

import "example.com/rules_rog/tests/nostd/calc"

func main() {
	for _, e := range []string{"1 2 +", "2 3 4 * +", "9 8 - 7 *", "1 2 ?"} {
		v, err := calc.Eval(e)
		if err != nil {
			println(e, "->", "error:", err.Error())
			continue
		}
		println(e, "->", v)
	}
	m := map[string]int{}
	for _, w := range []string{"a", "b", "a", "c", "a"} {
		m[w]++
	}
	println("a", m["a"], "b", m["b"], "c", m["c"], "len", len(m))
}
