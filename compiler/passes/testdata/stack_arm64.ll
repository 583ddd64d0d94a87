; RUN: passes=preempt,stack remarks=stack
; arm64: the bound counts arm64's callee-saved registers (x19-x28, d8-d15).
; The checkpoint slow path the preempt pass adds does not count as a call
; (runtime C budgeted by ROG_STACK_RUNTIME_MAX), but the loop leaf's bound
; (every value a spill slot, phis twice) is above ROG_STACK_NOSPLIT_MAX, so
; it is checked; a float recursion is checked.
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i64 @main.sum(ptr %p, i64 %n) #0 {
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

define double @main.harmonic(i64 %n) #0 {
entry:
  %z = icmp eq i64 %n, 0
  br i1 %z, label %base, label %rec
base:
  ret double 0.0
rec:
  %n1 = sub i64 %n, 1
  %h = call double @main.harmonic(i64 %n1)
  %f = sitofp i64 %n to double
  %q = fdiv double 1.0, %f
  %s = fadd double %h, %q
  ret double %s
}

attributes #0 = { "frame-pointer"="all" }
