; RUN: passes=h2s,wb
; Heap-to-stack: small constant-size allocations that do not escape move to
; the stack (zeroed); the write-barrier pass then sees stack stores.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @rog_alloc(i64, ptr)
declare void @rog_gcwrite(ptr, ptr)
declare i64 @main.use(ptr nocapture)
declare void @main.keep(ptr)
@type.int = external global [48 x i8]
@type.P = external global [48 x i8]
@main.sink = global ptr null

; p := new(int); *p = x; return *p + use(p)     (use does not capture)
define i64 @main.local(i64 %x) {
  %p = call ptr @rog_alloc(i64 8, ptr @type.int)
  store i64 %x, ptr %p
  %u = call i64 @main.use(ptr %p)
  %v = load i64, ptr %p
  %r = add i64 %u, %v
  ret i64 %r
}

; A pointerful object filled through barriers and read back: stays local.
define ptr @main.pair(ptr %a) {
  %o = call ptr @rog_alloc(i64 16, ptr @type.P)
  call void @rog_gcwrite(ptr %o, ptr %a)
  %f = getelementptr i8, ptr %o, i64 8
  %l = load ptr, ptr %o
  ret ptr %l
}

; Returned: escapes.
define ptr @main.ret() {
  %p = call ptr @rog_alloc(i64 8, ptr @type.int)
  ret ptr %p
}

; Stored into the heap as a value: escapes.
define void @main.store(ptr %dst) {
  %p = call ptr @rog_alloc(i64 8, ptr @type.int)
  call void @rog_gcwrite(ptr %dst, ptr %p)
  ret void
}

; Passed to a function that may capture it: escapes.
define void @main.call() {
  %p = call ptr @rog_alloc(i64 8, ptr @type.int)
  call void @main.keep(ptr %p)
  ret void
}

; Size not constant: stays on the heap.
define ptr @main.make(i64 %n) {
  %p = call ptr @rog_alloc(i64 %n, ptr @type.int)
  %v = load i64, ptr %p
  ret ptr null
}

; Larger than the 64 KiB object limit: stays on the heap.
define i64 @main.big() {
  %p = call ptr @rog_alloc(i64 1048576, ptr null)
  %v = load i64, ptr %p
  ret i64 %v
}

; In a loop: one stack slot, zeroed at every iteration.
define i64 @main.loop(i64 %n) {
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %acc = phi i64 [ 0, %entry ], [ %acc.next, %loop ]
  %p = call ptr @rog_alloc(i64 8, ptr @type.int)
  %old = load i64, ptr %p
  store i64 %i, ptr %p
  %v = load i64, ptr %p
  %acc1 = add i64 %acc, %v
  %acc.next = add i64 %acc1, %old
  %i.next = add i64 %i, 1
  %more = icmp slt i64 %i.next, %n
  br i1 %more, label %loop, label %done
done:
  ret i64 %acc.next
}
