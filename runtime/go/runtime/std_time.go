// std_time.go: the Go side of package time's timers (the C side is
// runtime/time/std.c). A time.Timer's callback is a Go func value; the C
// timer code calls it through timerCall when the timer fires, on the
// thread that runs the timers. The callbacks time installs never block.
package runtime

func timerCall(f func(any, uintptr), arg any, seq uintptr) {
	f(arg, seq)
}
