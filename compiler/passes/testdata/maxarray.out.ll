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
  %min.iters.check = icmp ult i64 %1, 13
  br i1 %min.iters.check, label %loop.preheader15, label %vector.memcheck

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
  br i1 %found.conflict, label %loop.preheader15, label %vector.ph

vector.ph:                                        ; preds = %vector.memcheck
  %n.mod.vf = and i64 %1, 3
  %5 = icmp eq i64 %n.mod.vf, 0
  %6 = select i1 %5, i64 4, i64 %n.mod.vf
  %n.vec = sub i64 %1, %6
  br label %vector.body

vector.body:                                      ; preds = %rog.preempt.poll.exit19, %vector.ph
  %index = phi i64 [ 0, %vector.ph ], [ %index.next, %rog.preempt.poll.exit19 ]
  %7 = or disjoint i64 %index, 2
  %8 = getelementptr double, ptr %x, i64 %index
  %9 = getelementptr i8, ptr %8, i64 16
  %wide.load = load <2 x double>, ptr %8, align 8, !alias.scope !0, !noalias !3
  %wide.load6 = load <2 x double>, ptr %9, align 8, !alias.scope !0, !noalias !3
  %10 = getelementptr double, ptr %y, i64 %index
  %11 = getelementptr i8, ptr %10, i64 16
  %wide.load7 = load <2 x double>, ptr %10, align 8, !alias.scope !3
  %wide.load8 = load <2 x double>, ptr %11, align 8, !alias.scope !3
  %12 = fcmp ogt <2 x double> %wide.load7, %wide.load
  %13 = fcmp ogt <2 x double> %wide.load8, %wide.load6
  %14 = extractelement <2 x i1> %12, i64 0
  br i1 %14, label %pred.store.if, label %pred.store.continue

pred.store.if:                                    ; preds = %vector.body
  %15 = getelementptr double, ptr %x, i64 %index
  %16 = extractelement <2 x double> %wide.load7, i64 0
  store double %16, ptr %15, align 8, !alias.scope !0, !noalias !3
  br label %pred.store.continue

pred.store.continue:                              ; preds = %pred.store.if, %vector.body
  %17 = extractelement <2 x i1> %12, i64 1
  br i1 %17, label %pred.store.if9, label %pred.store.continue10

pred.store.if9:                                   ; preds = %pred.store.continue
  %18 = or disjoint i64 %index, 1
  %19 = getelementptr double, ptr %x, i64 %18
  %20 = extractelement <2 x double> %wide.load7, i64 1
  store double %20, ptr %19, align 8, !alias.scope !0, !noalias !3
  br label %pred.store.continue10

pred.store.continue10:                            ; preds = %pred.store.if9, %pred.store.continue
  %21 = extractelement <2 x i1> %13, i64 0
  br i1 %21, label %pred.store.if11, label %pred.store.continue12

pred.store.if11:                                  ; preds = %pred.store.continue10
  %22 = getelementptr double, ptr %x, i64 %7
  %23 = extractelement <2 x double> %wide.load8, i64 0
  store double %23, ptr %22, align 8, !alias.scope !0, !noalias !3
  br label %pred.store.continue12

pred.store.continue12:                            ; preds = %pred.store.if11, %pred.store.continue10
  %24 = extractelement <2 x i1> %13, i64 1
  br i1 %24, label %pred.store.if13, label %pred.store.continue14

pred.store.if13:                                  ; preds = %pred.store.continue12
  %25 = or disjoint i64 %index, 3
  %26 = getelementptr double, ptr %x, i64 %25
  %27 = extractelement <2 x double> %wide.load8, i64 1
  store double %27, ptr %26, align 8, !alias.scope !0, !noalias !3
  br label %pred.store.continue14

pred.store.continue14:                            ; preds = %pred.store.if13, %pred.store.continue12
  %index.next = add nuw i64 %index, 4
  %28 = icmp eq i64 %index.next, %n.vec
  %preempt1.i16 = load atomic i32, ptr getelementptr (i8, ptr @rog_tls, i64 8) monotonic, align 4
  %want.i17 = icmp ne i32 %preempt1.i16, 0
  br i1 %want.i17, label %preempt.i18, label %rog.preempt.poll.exit19, !prof !5

preempt.i18:                                      ; preds = %pred.store.continue14
  call void @rog_checkpoint() #3
  br label %rog.preempt.poll.exit19

rog.preempt.poll.exit19:                          ; preds = %pred.store.continue14, %preempt.i18
  br i1 %28, label %loop.preheader15, label %vector.body, !llvm.loop !6

loop.preheader15:                                 ; preds = %rog.preempt.poll.exit19, %vector.memcheck, %loop.preheader
  %i.ph = phi i64 [ 0, %vector.memcheck ], [ 0, %loop.preheader ], [ %n.vec, %rog.preempt.poll.exit19 ]
  br label %loop

loop:                                             ; preds = %loop.preheader15, %rog.preempt.poll.exit
  %i = phi i64 [ %i.next, %rog.preempt.poll.exit ], [ %i.ph, %loop.preheader15 ]
  %xa = getelementptr double, ptr %x, i64 %i
  %exitcond.not = icmp eq i64 %i, %ylen
  br i1 %exitcond.not, label %oob, label %body, !prof !5

body:                                             ; preds = %loop
  %c = load double, ptr %xa, align 8
  %ya = getelementptr double, ptr %y, i64 %i
  %yv = load double, ptr %ya, align 8
  %gt = fcmp ogt double %yv, %c
  br i1 %gt, label %store, label %latch

store:                                            ; preds = %body
  store double %yv, ptr %xa, align 8
  br label %latch

latch:                                            ; preds = %store, %body
  %i.next = add nuw nsw i64 %i, 1
  %exitcond3.not = icmp eq i64 %i.next, %xlen
  %preempt1.i = load atomic i32, ptr getelementptr (i8, ptr @rog_tls, i64 8) monotonic, align 4
  %want.i = icmp ne i32 %preempt1.i, 0
  br i1 %want.i, label %preempt.i, label %rog.preempt.poll.exit, !prof !5

preempt.i:                                        ; preds = %latch
  call void @rog_checkpoint() #3
  br label %rog.preempt.poll.exit

rog.preempt.poll.exit:                            ; preds = %latch, %preempt.i
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
; REMARK: main.MaxArray: preempt: checkpoint on loop latch
; REMARK: main.MaxArray: preempt: checkpoint on loop latch
