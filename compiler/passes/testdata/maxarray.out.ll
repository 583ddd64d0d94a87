; ModuleID = 'maxarray.ll'
source_filename = "maxarray.ll"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@rog_tls = external thread_local(initialexec) global [48 x i8], align 8

; Function Attrs: cold noreturn
declare void @rog_panic_index(i64, i64) local_unnamed_addr #0

define void @main.MaxArray(ptr nocapture %x, i64 %xlen, i64 %xcap, ptr nocapture readonly %y, i64 %ylen, i64 %ycap) local_unnamed_addr {
entry:
  %empty = icmp slt i64 %xlen, 1
  br i1 %empty, label %done, label %loop.preheader

loop.preheader:                                   ; preds = %entry
  %0 = add nsw i64 %xlen, -1
  %umin5 = tail call i64 @llvm.umin.i64(i64 %ylen, i64 %0)
  %1 = add i64 %umin5, 1
  %min.iters.check = icmp ult i64 %1, 9
  br i1 %min.iters.check, label %loop.preheader9, label %vector.memcheck

vector.memcheck:                                  ; preds = %loop.preheader
  %2 = add nsw i64 %xlen, -1
  %umin = tail call i64 @llvm.umin.i64(i64 %ylen, i64 %2)
  %3 = shl i64 %umin, 3
  %4 = add i64 %3, 8
  %scevgep = getelementptr i8, ptr %x, i64 %4
  %scevgep4 = getelementptr i8, ptr %y, i64 %4
  %bound0 = icmp ugt ptr %scevgep4, %x
  %bound1 = icmp ugt ptr %scevgep, %y
  %found.conflict = and i1 %bound0, %bound1
  br i1 %found.conflict, label %loop.preheader9, label %vector.ph

vector.ph:                                        ; preds = %vector.memcheck
  %n.mod.vf = and i64 %1, 3
  %5 = icmp eq i64 %n.mod.vf, 0
  %6 = select i1 %5, i64 4, i64 %n.mod.vf
  %n.vec = sub i64 %1, %6
  br label %vector.body

vector.body:                                      ; preds = %rog.preempt.poll.exit13, %vector.ph
  %index = phi i64 [ 0, %vector.ph ], [ %index.next, %rog.preempt.poll.exit13 ]
  %7 = getelementptr double, ptr %x, i64 %index
  %8 = getelementptr i8, ptr %7, i64 16
  %wide.load = load <2 x double>, ptr %7, align 8, !alias.scope !0, !noalias !3
  %wide.load6 = load <2 x double>, ptr %8, align 8, !alias.scope !0, !noalias !3
  %9 = getelementptr double, ptr %y, i64 %index
  %10 = getelementptr i8, ptr %9, i64 16
  %wide.load7 = load <2 x double>, ptr %9, align 8, !alias.scope !3
  %wide.load8 = load <2 x double>, ptr %10, align 8, !alias.scope !3
  %11 = fcmp ogt <2 x double> %wide.load7, %wide.load
  %12 = fcmp ogt <2 x double> %wide.load8, %wide.load6
  %13 = select <2 x i1> %11, <2 x double> %wide.load7, <2 x double> %wide.load
  %14 = select <2 x i1> %12, <2 x double> %wide.load8, <2 x double> %wide.load6
  store <2 x double> %13, ptr %7, align 8, !alias.scope !0, !noalias !3
  store <2 x double> %14, ptr %8, align 8, !alias.scope !0, !noalias !3
  %index.next = add nuw i64 %index, 4
  %15 = icmp eq i64 %index.next, %n.vec
  %preempt1.i10 = load atomic i32, ptr getelementptr (i8, ptr @rog_tls, i64 8) monotonic, align 4
  %want.i11 = icmp ne i32 %preempt1.i10, 0
  br i1 %want.i11, label %preempt.i12, label %rog.preempt.poll.exit13, !prof !5

preempt.i12:                                      ; preds = %vector.body
  call void @rog_checkpoint() #3
  br label %rog.preempt.poll.exit13

rog.preempt.poll.exit13:                          ; preds = %vector.body, %preempt.i12
  br i1 %15, label %loop.preheader9, label %vector.body, !llvm.loop !6

loop.preheader9:                                  ; preds = %rog.preempt.poll.exit13, %vector.memcheck, %loop.preheader
  %i.ph = phi i64 [ 0, %vector.memcheck ], [ 0, %loop.preheader ], [ %n.vec, %rog.preempt.poll.exit13 ]
  br label %loop

loop:                                             ; preds = %loop.preheader9, %rog.preempt.poll.exit
  %i = phi i64 [ %i.next, %rog.preempt.poll.exit ], [ %i.ph, %loop.preheader9 ]
  %exitcond.not = icmp eq i64 %i, %ylen
  br i1 %exitcond.not, label %oob, label %body, !prof !5

body:                                             ; preds = %loop
  %xa = getelementptr double, ptr %x, i64 %i
  %c = load double, ptr %xa, align 8
  %ya = getelementptr double, ptr %y, i64 %i
  %yv = load double, ptr %ya, align 8
  %gt = fcmp ogt double %yv, %c
  %spec.sel = select i1 %gt, double %yv, double %c
  store double %spec.sel, ptr %xa, align 8
  %i.next = add nuw nsw i64 %i, 1
  %exitcond3.not = icmp eq i64 %i.next, %xlen
  %preempt1.i = load atomic i32, ptr getelementptr (i8, ptr @rog_tls, i64 8) monotonic, align 4
  %want.i = icmp ne i32 %preempt1.i, 0
  br i1 %want.i, label %preempt.i, label %rog.preempt.poll.exit, !prof !5

preempt.i:                                        ; preds = %body
  call void @rog_checkpoint() #3
  br label %rog.preempt.poll.exit

rog.preempt.poll.exit:                            ; preds = %body, %preempt.i
  br i1 %exitcond3.not, label %done, label %loop, !llvm.loop !9

oob:                                              ; preds = %loop
  tail call void @rog_panic_index(i64 %ylen, i64 %ylen)
  unreachable

done:                                             ; preds = %rog.preempt.poll.exit, %entry
  ret void
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.umin.i64(i64, i64) #1

; Function Attrs: cold
declare void @rog_checkpoint() #2

attributes #0 = { cold noreturn }
attributes #1 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #2 = { cold }
attributes #3 = { cold nounwind }

!0 = !{!1}
!1 = distinct !{!1, !2}
!2 = distinct !{!2, !"LVerDomain"}
!3 = !{!4}
!4 = distinct !{!4, !2}
!5 = !{!"branch_weights", i32 1, i32 2000}
!6 = distinct !{!6, !7, !8}
!7 = !{!"llvm.loop.isvectorized", i32 1}
!8 = !{!"llvm.loop.unroll.runtime.disable"}
!9 = distinct !{!9, !7}
; REMARK: main.MaxArray: spec: conditional store made unconditional (min/max update)
; REMARK: main.MaxArray: preempt: checkpoint on loop latch
; REMARK: main.MaxArray: preempt: checkpoint on loop latch
