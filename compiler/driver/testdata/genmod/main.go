package main

import (
	a1 "example.com/genmod/a"
	a2 "example.com/genmod/b/a"
	"example.com/genmod/lib"
)

func main() {
	var l lib.List[int]
	l.Push(1)
	l.Push(2)
	sum := 0
	l.Each(func(v int) { sum += v })
	println("list", l.Len(), sum)

	var la lib.List[a1.T]
	la.Push(a1.T{X: 3})
	var lb lib.List[a2.T]
	lb.Push(a2.T{S: "x", Y: 4})
	la.Each(func(t a1.T) { println("a1", t.X) })
	lb.Each(func(t a2.T) { println("a2", t.S, t.Y) })

	strs := lib.Map([]int{1, 2, 3}, func(i int) string { return string(rune('a' + i)) })
	println("map", len(strs), strs[0], strs[2], lib.Calls())
	println("max", lib.Max(3, 7), lib.Max("x", "b"))
	println("join", lib.Join([]a1.T{{1}, {2}}), lib.Join([]a2.T{{"p", 0}}))

	lib.SetCurrent("f.go")
	println("file", lib.Current())
	g := l.Len
	println("method value", g())
}
