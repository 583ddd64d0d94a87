; RUN: passes=preempt,spec pipeline=rog<O2>
; arm64: the same loop; NEON has no max with the select's NaN rule, so
; the vector select stays (fcmgt + bif/bsl in the assembly).
; The MaxArray loop from the ROG talk, as a front end lowers it naively
; (bounds check on y[i], conditional store), through the compiler's
; pipeline (rog_pipeline_run: LLVM's O2 simplification, the spec pass,
; LLVM's vectorizer) and then the checkpoint pass. spec makes the store
; unconditional (a select of y[i] and the c just loaded from x[i]; why Go
; allows it is in spec.c), so the vector loop stores <2 x double> selects,
; which llc lowers to maxpd (compiler/maxarray_test.sh checks the
; assembly). One checkpoint on the vector loop's latch, no entry checkpoint
; (the only call is the noreturn bounds panic).
;
; func MaxArray(x, y []float64) { for i, c := range x { if y[i] > c { x[i] = y[i] } } }
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

declare void @rog_panic_index(i64, i64) noreturn cold

define void @main.MaxArray(ptr %x, i64 %xlen, i64 %xcap, ptr %y, i64 %ylen, i64 %ycap) {
entry:
  %empty = icmp sle i64 %xlen, 0
  br i1 %empty, label %done, label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %latch ]
  %xa = getelementptr double, ptr %x, i64 %i
  %c = load double, ptr %xa
  %inb = icmp ult i64 %i, %ylen
  br i1 %inb, label %body, label %oob, !prof !0

body:
  %ya = getelementptr double, ptr %y, i64 %i
  %yv = load double, ptr %ya
  %gt = fcmp ogt double %yv, %c
  br i1 %gt, label %store, label %latch

store:
  store double %yv, ptr %xa
  br label %latch

latch:
  %i.next = add nuw nsw i64 %i, 1
  %more = icmp slt i64 %i.next, %xlen
  br i1 %more, label %loop, label %done

oob:
  call void @rog_panic_index(i64 %i, i64 %ylen)
  unreachable

done:
  ret void
}

!0 = !{!"branch_weights", i32 2000, i32 1}
