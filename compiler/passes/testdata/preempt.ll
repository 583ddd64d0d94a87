; RUN: passes=preempt
; Preemption checkpoints: loop latches everywhere, function entry only for
; functions that call, nothing in leaf functions without loops or in
; functions marked rog-nopreempt.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; func sum(s []int64) (t int64) { for _, v := range s { t += v }; return }
define i64 @main.sum(ptr %p, i64 %n) {
entry:
  %empty = icmp sle i64 %n, 0
  br i1 %empty, label %done, label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %t = phi i64 [ 0, %entry ], [ %t.next, %loop ]
  %a = getelementptr i64, ptr %p, i64 %i
  %v = load i64, ptr %a
  %t.next = add i64 %t, %v
  %i.next = add i64 %i, 1
  %more = icmp slt i64 %i.next, %n
  br i1 %more, label %loop, label %done

done:
  %r = phi i64 [ 0, %entry ], [ %t.next, %loop ]
  ret i64 %r
}

; Recursion without loops: polled at entry.
define i64 @main.fib(i64 %n) {
entry:
  %x = alloca i64
  %small = icmp slt i64 %n, 2
  br i1 %small, label %base, label %rec

base:
  ret i64 %n

rec:
  %n1 = sub i64 %n, 1
  %f1 = call i64 @main.fib(i64 %n1)
  %n2 = sub i64 %n, 2
  %f2 = call i64 @main.fib(i64 %n2)
  %s = add i64 %f1, %f2
  ret i64 %s
}

; A leaf without loops: bounded, not instrumented.
define i64 @main.add(i64 %a, i64 %b) {
  %s = add i64 %a, %b
  ret i64 %s
}

; Nested loops: both latches polled.
define void @main.clear(ptr %m, i64 %rows, i64 %cols) {
entry:
  br label %outer

outer:
  %r = phi i64 [ 0, %entry ], [ %r.next, %outer.latch ]
  br label %inner

inner:
  %c = phi i64 [ 0, %outer ], [ %c.next, %inner ]
  %rc = mul i64 %r, %cols
  %idx = add i64 %rc, %c
  %a = getelementptr i8, ptr %m, i64 %idx
  store i8 0, ptr %a
  %c.next = add i64 %c, 1
  %cmore = icmp slt i64 %c.next, %cols
  br i1 %cmore, label %inner, label %outer.latch

outer.latch:
  %r.next = add i64 %r, 1
  %rmore = icmp slt i64 %r.next, %rows
  br i1 %rmore, label %outer, label %exit

exit:
  ret void
}

; //go:nosplit and runtime-internal code carries rog-nopreempt.
define void @runtime.spin(ptr %flag) #0 {
entry:
  br label %loop
loop:
  %v = load atomic i32, ptr %flag acquire, align 4
  %z = icmp eq i32 %v, 0
  br i1 %z, label %loop, label %out
out:
  ret void
}

attributes #0 = { "rog-nopreempt" }

; An alloca after other entry instructions (as compiler/lower emits the
; defer frame) is hoisted before the entry poll, so it stays static.
declare void @main.use(ptr)
define void @main.late_alloca(i64 %n) {
entry:
  %x = add i64 %n, 1
  %frame = alloca [26 x i64], align 16
  store i64 %x, ptr %frame
  call void @main.use(ptr %frame)
  ret void
}
