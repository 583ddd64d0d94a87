package main

import (
	"sync/atomic"
	"unsafe"
)

func main() {
	var i32 int32
	var u32 uint32
	var i64 int64
	var u64 uint64
	var up uintptr
	println(atomic.AddInt32(&i32, 5), atomic.AddInt32(&i32, -7), atomic.LoadInt32(&i32))
	println(atomic.AddUint32(&u32, 3), atomic.SwapUint32(&u32, 9), atomic.CompareAndSwapUint32(&u32, 9, 10), atomic.CompareAndSwapUint32(&u32, 9, 11), u32)
	atomic.StoreInt64(&i64, -1<<40)
	println(atomic.LoadInt64(&i64), atomic.AddInt64(&i64, 1), atomic.SwapInt64(&i64, 3))
	println(atomic.AddUint64(&u64, ^uint64(0)), atomic.CompareAndSwapUint64(&u64, ^uint64(0), 1), atomic.LoadUint64(&u64))
	atomic.StoreUintptr(&up, 77)
	println(atomic.LoadUintptr(&up), atomic.AddUintptr(&up, 1))
	x, y := 1, 2
	var p unsafe.Pointer
	atomic.StorePointer(&p, unsafe.Pointer(&x))
	old := atomic.SwapPointer(&p, unsafe.Pointer(&y))
	println(*(*int)(old), *(*int)(atomic.LoadPointer(&p)), atomic.CompareAndSwapPointer(&p, unsafe.Pointer(&x), nil), atomic.CompareAndSwapPointer(&p, unsafe.Pointer(&y), nil), atomic.LoadPointer(&p) == nil)
	f := atomic.AddInt32
	println(f(&i32, 100))
	var ai atomic.Int64
	ai.Add(5)
	ai.Store(ai.Load() * 2)
	var ab atomic.Bool
	ab.Store(true)
	println(ai.Load(), ab.Load())
	done := make(chan bool)
	var cnt int64
	for g := 0; g < 4; g++ {
		go func() {
			for k := 0; k < 10000; k++ {
				atomic.AddInt64(&cnt, 1)
			}
			done <- true
		}()
	}
	for g := 0; g < 4; g++ {
		<-done
	}
	println(atomic.LoadInt64(&cnt))
	var v atomic.Value
	v.Store("hello")
	println(v.Load().(string))
}
