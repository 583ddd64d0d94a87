package stmts

func f(ch chan int, m map[string]int) (n int) {
outer:
	for i := 0; i < 10; i++ {
		switch {
		case i%2 == 0:
			continue outer
		default:
			break outer
		}
	}
	if v, ok := m["a"]; ok && v > 0 {
		n += v
	} else if x := <-ch; x != 0 {
		n--
	} else {
		goto outer
	}
	select {
	case ch <- 1:
	case v, ok := <-ch:
		_, _ = v, ok
	}
	switch t := interface{}(n).(type) {
	case int, *int:
		fallthrough
	case nil:
		_ = t
	}
	go func() { defer close(ch) }()
	s := []int{1, 2, 3}[1:2:3]
	_ = s
	return
}
