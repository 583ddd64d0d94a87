; RUN: passes=spec remarks=spec pipeline=rog<O2>
; The spec pass (spec.c) on small functions, through the compiler's
; pipeline: only a min/max update of a location read just before, with
; nothing that writes memory or synchronizes in between, becomes an
; unconditional store of a select. Each function name says whether it must.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @g()

; if v < *p { *p = v }  (integer min): speculated.
define void @yes_int_min(ptr %p, i64 %v) {
entry:
  %old = load i64, ptr %p
  %lt = icmp slt i64 %v, %old
  br i1 %lt, label %st, label %done
st:
  store i64 %v, ptr %p
  br label %done
done:
  ret void
}

; if !(v > *p) { *p = v }: store on the false edge, select operands swapped.
define void @yes_false_edge(ptr %p, double %v) {
entry:
  %old = load double, ptr %p
  %gt = fcmp ogt double %v, %old
  br i1 %gt, label %done, label %st
st:
  store double %v, ptr %p
  br label %done
done:
  ret void
}

; if *p > 0 { *p = v }: not a min/max of v and *p: kept conditional.
define void @no_not_minmax(ptr %p, i64 %v) {
entry:
  %old = load i64, ptr %p
  %pos = icmp sgt i64 %old, 0
  br i1 %pos, label %st, label %done
st:
  store i64 %v, ptr %p
  br label %done
done:
  ret void
}

; A call between the load and the store may synchronize: kept.
define void @no_call_between(ptr %p, i64 %v) {
entry:
  %old = load i64, ptr %p
  call void @g()
  %lt = icmp slt i64 %v, %old
  br i1 %lt, label %st, label %done
st:
  store i64 %v, ptr %p
  br label %done
done:
  ret void
}

; Pointers are never stored back (write barriers).
define void @no_pointer(ptr %p, ptr %v) {
entry:
  %old = load ptr, ptr %p
  %lt = icmp ult ptr %v, %old
  br i1 %lt, label %st, label %done
st:
  store ptr %v, ptr %p
  br label %done
done:
  ret void
}

; A volatile store is never introduced.
define void @no_volatile(ptr %p, i64 %v) {
entry:
  %old = load i64, ptr %p
  %lt = icmp slt i64 %v, %old
  br i1 %lt, label %st, label %done
st:
  store volatile i64 %v, ptr %p
  br label %done
done:
  ret void
}

; An atomic load is a synchronization: kept.
define void @no_atomic_load(ptr %p, i64 %v) {
entry:
  %old = load atomic i64, ptr %p acquire, align 8
  %lt = icmp slt i64 %v, %old
  br i1 %lt, label %st, label %done
st:
  store i64 %v, ptr %p
  br label %done
done:
  ret void
}
