; ModuleID = 'stack_arm64.ll'
source_filename = "stack_arm64.ll"
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

@rog_tls = external thread_local(initialexec) global [48 x i8], align 8

define i64 @main.sum(ptr %p, i64 %n) #0 {
stack.check:
  %stack.args = alloca { ptr, i64, i64 }, align 8
  %stack.fa = call ptr @llvm.frameaddress.p0(i32 0)
  %stack.sp = ptrtoint ptr %stack.fa to i64
  %stack.lim = sub i64 %stack.sp, 264
  %stack.guard = load i64, ptr @rog_tls, align 8
  %stack.low = icmp ult i64 %stack.lim, %stack.guard
  br i1 %stack.low, label %stack.grow, label %entry, !prof !0

entry:                                            ; preds = %stack.check
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
  call void @rog_checkpoint() #4
  br label %rog.preempt.poll.exit

rog.preempt.poll.exit:                            ; preds = %loop, %preempt.i
  br i1 %more, label %loop, label %done

done:                                             ; preds = %rog.preempt.poll.exit, %entry
  %r = phi i64 [ 0, %entry ], [ %t.next, %rog.preempt.poll.exit ]
  ret i64 %r

stack.grow:                                       ; preds = %stack.check
  %0 = getelementptr inbounds { ptr, i64, i64 }, ptr %stack.args, i32 0, i32 0
  store ptr %p, ptr %0, align 8
  %1 = getelementptr inbounds { ptr, i64, i64 }, ptr %stack.args, i32 0, i32 1
  store i64 %n, ptr %1, align 8
  call void @rog_morestack(ptr @"main.sum\C2\B7morestack", ptr %stack.args, i64 344) #1
  %2 = getelementptr inbounds { ptr, i64, i64 }, ptr %stack.args, i32 0, i32 2
  %stack.result = load i64, ptr %2, align 8
  ret i64 %stack.result
}

define double @main.harmonic(i64 %n) #0 {
stack.check:
  %stack.args = alloca { i64, double }, align 8
  %stack.fa = call ptr @llvm.frameaddress.p0(i32 0)
  %stack.sp = ptrtoint ptr %stack.fa to i64
  %stack.lim = sub i64 %stack.sp, 200
  %stack.guard = load i64, ptr @rog_tls, align 8
  %stack.low = icmp ult i64 %stack.lim, %stack.guard
  br i1 %stack.low, label %stack.grow, label %entry, !prof !0

entry:                                            ; preds = %stack.check
  %preempt1.i = load atomic i32, ptr getelementptr (i8, ptr @rog_tls, i64 8) monotonic, align 4
  %want.i = icmp ne i32 %preempt1.i, 0
  br i1 %want.i, label %preempt.i, label %rog.preempt.poll.exit, !prof !0

preempt.i:                                        ; preds = %entry
  call void @rog_checkpoint() #4
  br label %rog.preempt.poll.exit

rog.preempt.poll.exit:                            ; preds = %entry, %preempt.i
  %z = icmp eq i64 %n, 0
  br i1 %z, label %base, label %rec

base:                                             ; preds = %rog.preempt.poll.exit
  ret double 0.000000e+00

rec:                                              ; preds = %rog.preempt.poll.exit
  %n1 = sub i64 %n, 1
  %h = call double @main.harmonic(i64 %n1)
  %f = sitofp i64 %n to double
  %q = fdiv double 1.000000e+00, %f
  %s = fadd double %h, %q
  ret double %s

stack.grow:                                       ; preds = %stack.check
  %0 = getelementptr inbounds { i64, double }, ptr %stack.args, i32 0, i32 0
  store i64 %n, ptr %0, align 8
  call void @rog_morestack(ptr @"main.harmonic\C2\B7morestack", ptr %stack.args, i64 272) #1
  %1 = getelementptr inbounds { i64, double }, ptr %stack.args, i32 0, i32 1
  %stack.result = load double, ptr %1, align 8
  ret double %stack.result
}

; Function Attrs: cold
declare void @rog_checkpoint() #1

; Function Attrs: noinline
define internal void @"main.sum\C2\B7morestack"(ptr %0) #2 {
entry:
  %1 = getelementptr inbounds { ptr, i64, i64 }, ptr %0, i32 0, i32 0
  %2 = load ptr, ptr %1, align 8
  %3 = getelementptr inbounds { ptr, i64, i64 }, ptr %0, i32 0, i32 1
  %4 = load i64, ptr %3, align 8
  %r = call i64 @main.sum(ptr %2, i64 %4)
  %5 = getelementptr inbounds { ptr, i64, i64 }, ptr %0, i32 0, i32 2
  store i64 %r, ptr %5, align 8
  ret void
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(none)
declare ptr @llvm.frameaddress.p0(i32 immarg) #3

declare void @rog_morestack(ptr, ptr, i64)

; Function Attrs: noinline
define internal void @"main.harmonic\C2\B7morestack"(ptr %0) #2 {
entry:
  %1 = getelementptr inbounds { i64, double }, ptr %0, i32 0, i32 0
  %2 = load i64, ptr %1, align 8
  %r = call double @main.harmonic(i64 %2)
  %3 = getelementptr inbounds { i64, double }, ptr %0, i32 0, i32 1
  store double %r, ptr %3, align 8
  ret void
}

attributes #0 = { "frame-pointer"="all" "rog-stack" }
attributes #1 = { cold }
attributes #2 = { noinline "frame-pointer"="all" "rog-nosplit" }
attributes #3 = { nocallback nofree nosync nounwind willreturn memory(none) }
attributes #4 = { cold nounwind }

!0 = !{!"branch_weights", i32 1, i32 2000}
; REMARK: main.sum: stack: check, frame 264
; REMARK: main.harmonic: stack: check, frame 200
