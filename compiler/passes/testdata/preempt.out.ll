; ModuleID = 'preempt.ll'
source_filename = "preempt.ll"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@rog_tls = external thread_local(initialexec) global [48 x i8], align 8

define i64 @main.sum(ptr %p, i64 %n) {
entry:
  %empty = icmp sle i64 %n, 0
  br i1 %empty, label %done, label %loop

loop:                                             ; preds = %rog.preempt.poll.exit, %entry
  %i = phi i64 [ 0, %entry ], [ %i.next, %rog.preempt.poll.exit ]
  %t = phi i64 [ 0, %entry ], [ %t.next, %rog.preempt.poll.exit ]
  %a = getelementptr i64, ptr %p, i64 %i
  %v = load i64, ptr %a, align 8
  %t.next = add i64 %t, %v
  %i.next = add i64 %i, 1
  %more = icmp slt i64 %i.next, %n
  %preempt1.i = load atomic i32, ptr getelementptr (i8, ptr @rog_tls, i64 8) monotonic, align 4
  %want.i = icmp ne i32 %preempt1.i, 0
  br i1 %want.i, label %preempt.i, label %rog.preempt.poll.exit, !prof !0

preempt.i:                                        ; preds = %loop
  call void @rog_checkpoint() #2
  br label %rog.preempt.poll.exit

rog.preempt.poll.exit:                            ; preds = %loop, %preempt.i
  br i1 %more, label %loop, label %done

done:                                             ; preds = %rog.preempt.poll.exit, %entry
  %r = phi i64 [ 0, %entry ], [ %t.next, %rog.preempt.poll.exit ]
  ret i64 %r
}

define i64 @main.fib(i64 %n) {
entry:
  %x = alloca i64, align 8
  %preempt1.i = load atomic i32, ptr getelementptr (i8, ptr @rog_tls, i64 8) monotonic, align 4
  %want.i = icmp ne i32 %preempt1.i, 0
  br i1 %want.i, label %preempt.i, label %rog.preempt.poll.exit, !prof !0

preempt.i:                                        ; preds = %entry
  call void @rog_checkpoint() #2
  br label %rog.preempt.poll.exit

rog.preempt.poll.exit:                            ; preds = %entry, %preempt.i
  %small = icmp slt i64 %n, 2
  br i1 %small, label %base, label %rec

base:                                             ; preds = %rog.preempt.poll.exit
  ret i64 %n

rec:                                              ; preds = %rog.preempt.poll.exit
  %n1 = sub i64 %n, 1
  %f1 = call i64 @main.fib(i64 %n1)
  %n2 = sub i64 %n, 2
  %f2 = call i64 @main.fib(i64 %n2)
  %s = add i64 %f1, %f2
  ret i64 %s
}

define i64 @main.add(i64 %a, i64 %b) {
  %s = add i64 %a, %b
  ret i64 %s
}

define void @main.clear(ptr %m, i64 %rows, i64 %cols) {
entry:
  br label %outer

outer:                                            ; preds = %rog.preempt.poll.exit, %entry
  %r = phi i64 [ 0, %entry ], [ %r.next, %rog.preempt.poll.exit ]
  br label %inner

inner:                                            ; preds = %rog.preempt.poll.exit4, %outer
  %c = phi i64 [ 0, %outer ], [ %c.next, %rog.preempt.poll.exit4 ]
  %rc = mul i64 %r, %cols
  %idx = add i64 %rc, %c
  %a = getelementptr i8, ptr %m, i64 %idx
  store i8 0, ptr %a, align 1
  %c.next = add i64 %c, 1
  %cmore = icmp slt i64 %c.next, %cols
  %preempt1.i1 = load atomic i32, ptr getelementptr (i8, ptr @rog_tls, i64 8) monotonic, align 4
  %want.i2 = icmp ne i32 %preempt1.i1, 0
  br i1 %want.i2, label %preempt.i3, label %rog.preempt.poll.exit4, !prof !0

preempt.i3:                                       ; preds = %inner
  call void @rog_checkpoint() #2
  br label %rog.preempt.poll.exit4

rog.preempt.poll.exit4:                           ; preds = %inner, %preempt.i3
  br i1 %cmore, label %inner, label %outer.latch

outer.latch:                                      ; preds = %rog.preempt.poll.exit4
  %r.next = add i64 %r, 1
  %rmore = icmp slt i64 %r.next, %rows
  %preempt1.i = load atomic i32, ptr getelementptr (i8, ptr @rog_tls, i64 8) monotonic, align 4
  %want.i = icmp ne i32 %preempt1.i, 0
  br i1 %want.i, label %preempt.i, label %rog.preempt.poll.exit, !prof !0

preempt.i:                                        ; preds = %outer.latch
  call void @rog_checkpoint() #2
  br label %rog.preempt.poll.exit

rog.preempt.poll.exit:                            ; preds = %outer.latch, %preempt.i
  br i1 %rmore, label %outer, label %exit

exit:                                             ; preds = %rog.preempt.poll.exit
  ret void
}

define void @runtime.spin(ptr %flag) #0 {
entry:
  br label %loop

loop:                                             ; preds = %loop, %entry
  %v = load atomic i32, ptr %flag acquire, align 4
  %z = icmp eq i32 %v, 0
  br i1 %z, label %loop, label %out

out:                                              ; preds = %loop
  ret void
}

declare void @main.use(ptr)

define void @main.late_alloca(i64 %n) {
entry:
  %frame = alloca [26 x i64], align 16
  %preempt1.i = load atomic i32, ptr getelementptr (i8, ptr @rog_tls, i64 8) monotonic, align 4
  %want.i = icmp ne i32 %preempt1.i, 0
  br i1 %want.i, label %preempt.i, label %rog.preempt.poll.exit, !prof !0

preempt.i:                                        ; preds = %entry
  call void @rog_checkpoint() #2
  br label %rog.preempt.poll.exit

rog.preempt.poll.exit:                            ; preds = %entry, %preempt.i
  %x = add i64 %n, 1
  store i64 %x, ptr %frame, align 8
  call void @main.use(ptr %frame)
  ret void
}

; Function Attrs: cold
declare void @rog_checkpoint() #1

attributes #0 = { "rog-nopreempt" }
attributes #1 = { cold }
attributes #2 = { cold nounwind }

!0 = !{!"branch_weights", i32 1, i32 2000}
; REMARK: main.sum: preempt: checkpoint on loop latch
; REMARK: main.fib: preempt: checkpoint at function entry
; REMARK: main.clear: preempt: checkpoint on loop latch
; REMARK: main.clear: preempt: checkpoint on loop latch
; REMARK: main.late_alloca: preempt: checkpoint at function entry
