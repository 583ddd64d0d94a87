// sys_time: package time's runtime hooks under rog (Sleep, timers in the
// per-P heaps, AfterFunc on the timer thread, tickers, now/monotonic).
package main

import (
	"sort"
	"sync"
	"time"
)

func main() {
	t0 := time.Now()
	time.Sleep(20 * time.Millisecond)
	d := time.Since(t0)
	println("sleep", d >= 20*time.Millisecond, d < 5*time.Second)

	tm := time.NewTimer(10 * time.Millisecond)
	<-tm.C
	println("timer fired")
	tm.Reset(time.Hour)
	println("stop pending", tm.Stop())
	println("stop again", tm.Stop())

	var wg sync.WaitGroup
	order := make(chan int, 3)
	for _, ms := range []int{30, 10, 20} {
		wg.Add(1)
		ms := ms
		time.AfterFunc(time.Duration(ms)*time.Millisecond, func() { order <- ms; wg.Done() })
	}
	wg.Wait()
	got := []int{<-order, <-order, <-order}
	sort.Ints(got) // AfterFunc goroutines may run in any order under load
	println("afterfunc", got[0], got[1], got[2])

	tk := time.NewTicker(3 * time.Millisecond)
	for i := 0; i < 5; i++ {
		<-tk.C
	}
	tk.Stop()
	println("ticker 5 ticks")

	select {
	case <-time.After(5 * time.Millisecond):
		println("after")
	case <-make(chan int):
	}
	timeout := time.NewTimer(time.Hour)
	done := make(chan bool)
	go func() { time.Sleep(time.Millisecond); done <- true }()
	select {
	case <-timeout.C:
		println("wrong")
	case <-done:
		println("done before timeout", timeout.Stop())
	}

	u := time.Unix(1700000000, 123456789).UTC()
	println(u.String(), u.Weekday().String(), u.YearDay())
	println(u.Add(36*time.Hour).Format(time.RFC3339Nano))
	p, err := time.Parse("2006-01-02 15:04", "2022-08-02 13:45")
	println(p.String(), err == nil)
	println((90 * time.Minute).String(), time.Duration(1500).String())
	a := time.Now()
	b := time.Now()
	println("monotonic", !b.Before(a))
}
