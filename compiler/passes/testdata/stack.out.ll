; ModuleID = 'stack.ll'
source_filename = "stack.ll"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

%T3 = type { i64, i64, i64 }

@rog_tls = external thread_local(initialexec) global [48 x i8], align 8

declare i64 @main.g(i64)

; Function Attrs: noreturn
declare void @rog_panic_index(i64, i64) #0

declare { ptr, ptr } @rog_gorecover(ptr)

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(none)
declare ptr @llvm.frameaddress.p0(i32 immarg) #1

define i64 @main.add(i64 %a, i64 %b) #2 {
  %s = add i64 %a, %b
  ret i64 %s
}

define i64 @main.fib(i64 %n) #3 !dbg !4 {
stack.check:
  %stack.args = alloca { i64, i64 }, align 8
  %stack.fa = call ptr @llvm.frameaddress.p0(i32 0)
  %stack.sp = ptrtoint ptr %stack.fa to i64
  %stack.lim = sub i64 %stack.sp, 152
  %stack.guard = load i64, ptr @rog_tls, align 8
  %stack.low = icmp ult i64 %stack.lim, %stack.guard
  br i1 %stack.low, label %stack.grow, label %entry, !prof !7

entry:                                            ; preds = %stack.check
  %small = icmp slt i64 %n, 2
  br i1 %small, label %base, label %rec

base:                                             ; preds = %entry
  ret i64 %n

rec:                                              ; preds = %entry
  %n1 = sub i64 %n, 1
  %f1 = call i64 @main.fib(i64 %n1), !dbg !8
  %n2 = sub i64 %n, 2
  %f2 = call i64 @main.fib(i64 %n2), !dbg !8
  %s = add i64 %f1, %f2
  ret i64 %s

stack.grow:                                       ; preds = %stack.check
  %0 = getelementptr inbounds { i64, i64 }, ptr %stack.args, i32 0, i32 0
  store i64 %n, ptr %0, align 8
  call void @rog_morestack(ptr @"main.fib\C2\B7morestack", ptr %stack.args, i64 224) #6, !dbg !8
  %1 = getelementptr inbounds { i64, i64 }, ptr %stack.args, i32 0, i32 1
  %stack.result = load i64, ptr %1, align 8
  ret i64 %stack.result
}

define i64 @main.get(ptr %p, i64 %n, i64 %i) #3 {
stack.check:
  %stack.args = alloca { ptr, i64, i64, i64 }, align 8
  %stack.fa = call ptr @llvm.frameaddress.p0(i32 0)
  %stack.sp = ptrtoint ptr %stack.fa to i64
  %stack.lim = sub i64 %stack.sp, 168
  %stack.guard = load i64, ptr @rog_tls, align 8
  %stack.low = icmp ult i64 %stack.lim, %stack.guard
  br i1 %stack.low, label %stack.grow, label %entry, !prof !7

entry:                                            ; preds = %stack.check
  %ok = icmp ult i64 %i, %n
  br i1 %ok, label %in, label %panic

panic:                                            ; preds = %entry
  call void @rog_panic_index(i64 %i, i64 %n)
  unreachable

in:                                               ; preds = %entry
  %a = getelementptr i64, ptr %p, i64 %i
  %v = load i64, ptr %a, align 8
  ret i64 %v

stack.grow:                                       ; preds = %stack.check
  %0 = getelementptr inbounds { ptr, i64, i64, i64 }, ptr %stack.args, i32 0, i32 0
  store ptr %p, ptr %0, align 8
  %1 = getelementptr inbounds { ptr, i64, i64, i64 }, ptr %stack.args, i32 0, i32 1
  store i64 %n, ptr %1, align 8
  %2 = getelementptr inbounds { ptr, i64, i64, i64 }, ptr %stack.args, i32 0, i32 2
  store i64 %i, ptr %2, align 8
  call void @rog_morestack(ptr @"main.get\C2\B7morestack", ptr %stack.args, i64 256) #6
  %3 = getelementptr inbounds { ptr, i64, i64, i64 }, ptr %stack.args, i32 0, i32 3
  %stack.result = load i64, ptr %3, align 8
  ret i64 %stack.result
}

define i64 @main.big(i64 %x) #3 {
stack.check:
  %stack.args = alloca { i64, i64 }, align 8
  %stack.fa = call ptr @llvm.frameaddress.p0(i32 0)
  %stack.sp = ptrtoint ptr %stack.fa to i64
  %stack.lim = sub i64 %stack.sp, 1672
  %stack.guard = load i64, ptr @rog_tls, align 8
  %stack.low = icmp ult i64 %stack.lim, %stack.guard
  br i1 %stack.low, label %stack.grow, label %stack.body, !prof !7

stack.body:                                       ; preds = %stack.check
  %r = musttail call i64 @"main.big\C2\B7body"(i64 %x)
  ret i64 %r

stack.grow:                                       ; preds = %stack.check
  %0 = getelementptr inbounds { i64, i64 }, ptr %stack.args, i32 0, i32 0
  store i64 %x, ptr %0, align 8
  call void @rog_morestack(ptr @"main.big\C2\B7morestack", ptr %stack.args, i64 1744) #6
  %1 = getelementptr inbounds { i64, i64 }, ptr %stack.args, i32 0, i32 1
  %stack.result = load i64, ptr %1, align 8
  ret i64 %stack.result
}

define void @main.triple(ptr sret(%T3) %out, ptr nest %ctx, i64 %x) #3 {
stack.check:
  %stack.args = alloca { ptr, ptr, i64 }, align 8
  %stack.fa = call ptr @llvm.frameaddress.p0(i32 0)
  %stack.sp = ptrtoint ptr %stack.fa to i64
  %stack.lim = sub i64 %stack.sp, 152
  %stack.guard = load i64, ptr @rog_tls, align 8
  %stack.low = icmp ult i64 %stack.lim, %stack.guard
  br i1 %stack.low, label %stack.grow, label %0, !prof !7

0:                                                ; preds = %stack.check
  %y = call i64 @main.g(i64 %x)
  %c = load i64, ptr %ctx, align 8
  store i64 %y, ptr %out, align 8
  %o1 = getelementptr i64, ptr %out, i64 1
  store i64 %c, ptr %o1, align 8
  ret void

stack.grow:                                       ; preds = %stack.check
  %1 = getelementptr inbounds { ptr, ptr, i64 }, ptr %stack.args, i32 0, i32 0
  store ptr %out, ptr %1, align 8
  %2 = getelementptr inbounds { ptr, ptr, i64 }, ptr %stack.args, i32 0, i32 1
  store ptr %ctx, ptr %2, align 8
  %3 = getelementptr inbounds { ptr, ptr, i64 }, ptr %stack.args, i32 0, i32 2
  store i64 %x, ptr %3, align 8
  call void @rog_morestack(ptr @"main.triple\C2\B7morestack", ptr %stack.args, i64 240) #6
  ret void
}

define { i64, ptr } @main.pair(i1 zeroext %f, ptr %p) #3 {
stack.check:
  %stack.args = alloca { i1, ptr, { i64, ptr } }, align 8
  %stack.fa = call ptr @llvm.frameaddress.p0(i32 0)
  %stack.sp = ptrtoint ptr %stack.fa to i64
  %stack.lim = sub i64 %stack.sp, 168
  %stack.guard = load i64, ptr @rog_tls, align 8
  %stack.low = icmp ult i64 %stack.lim, %stack.guard
  br i1 %stack.low, label %stack.grow, label %0, !prof !7

0:                                                ; preds = %stack.check
  %v = call i64 @main.g(i64 1)
  %a = insertvalue { i64, ptr } undef, i64 %v, 0
  %b = insertvalue { i64, ptr } %a, ptr %p, 1
  ret { i64, ptr } %b

stack.grow:                                       ; preds = %stack.check
  %1 = getelementptr inbounds { i1, ptr, { i64, ptr } }, ptr %stack.args, i32 0, i32 0
  store i1 %f, ptr %1, align 1
  %2 = getelementptr inbounds { i1, ptr, { i64, ptr } }, ptr %stack.args, i32 0, i32 1
  store ptr %p, ptr %2, align 8
  call void @rog_morestack(ptr @"main.pair\C2\B7morestack", ptr %stack.args, i64 248) #6
  %3 = getelementptr inbounds { i1, ptr, { i64, ptr } }, ptr %stack.args, i32 0, i32 2
  %stack.result = load { i64, ptr }, ptr %3, align 8
  ret { i64, ptr } %stack.result
}

define { ptr, ptr } @main.rec() #3 {
stack.check:
  %stack.args = alloca { ptr, { ptr, ptr } }, align 8
  %stack.fa = call ptr @llvm.frameaddress.p0(i32 0)
  %stack.sp = ptrtoint ptr %stack.fa to i64
  %stack.lim = sub i64 %stack.sp, 104
  %stack.guard = load i64, ptr @rog_tls, align 8
  %stack.low = icmp ult i64 %stack.lim, %stack.guard
  br i1 %stack.low, label %stack.grow, label %entry, !prof !7

entry:                                            ; preds = %stack.check
  %parent = call ptr @llvm.frameaddress.p0(i32 1)
  %r = call { ptr, ptr } @rog_gorecover(ptr %parent)
  ret { ptr, ptr } %r

stack.grow:                                       ; preds = %stack.check
  %stack.parent = call ptr @llvm.frameaddress.p0(i32 1)
  %0 = getelementptr inbounds { ptr, { ptr, ptr } }, ptr %stack.args, i32 0, i32 0
  store ptr %stack.parent, ptr %0, align 8
  call void @rog_morestack(ptr @"main.rec\C2\B7morestack", ptr %stack.args, i64 168) #6
  %1 = getelementptr inbounds { ptr, { ptr, ptr } }, ptr %stack.args, i32 0, i32 1
  %stack.result = load { ptr, ptr }, ptr %1, align 8
  ret { ptr, ptr } %stack.result
}

define i64 @c.sum(i32 %n, ...) #2 {
  %v = call i64 @main.g(i64 1)
  ret i64 %v
}

define i64 @main.nosplit(i64 %x) #4 {
  %v = call i64 @main.g(i64 %x)
  ret i64 %v
}

define i64 @main.probed(i64 %x) #3 {
stack.check:
  %stack.args = alloca { i64, i64 }, align 8
  %stack.fa = call ptr @llvm.frameaddress.p0(i32 0)
  %stack.sp = ptrtoint ptr %stack.fa to i64
  %stack.lim = sub i64 %stack.sp, 88
  %stack.guard = load i64, ptr @rog_tls, align 8
  %stack.low = icmp ult i64 %stack.lim, %stack.guard
  br i1 %stack.low, label %stack.grow, label %0, !prof !7

0:                                                ; preds = %stack.check
  %v = call i64 @main.g(i64 %x)
  ret i64 %v

stack.grow:                                       ; preds = %stack.check
  %1 = getelementptr inbounds { i64, i64 }, ptr %stack.args, i32 0, i32 0
  store i64 %x, ptr %1, align 8
  call void @rog_morestack(ptr @"main.probed\C2\B7morestack", ptr %stack.args, i64 160) #6
  %2 = getelementptr inbounds { i64, i64 }, ptr %stack.args, i32 0, i32 1
  %stack.result = load i64, ptr %2, align 8
  ret i64 %stack.result
}

define i64 @main.local(i64 %x) #3 {
stack.check:
  %slot = alloca i64, align 8
  %stack.args = alloca { i64, i64 }, align 8
  %stack.fa = call ptr @llvm.frameaddress.p0(i32 0)
  %stack.sp = ptrtoint ptr %stack.fa to i64
  %stack.lim = sub i64 %stack.sp, 144
  %stack.guard = load i64, ptr @rog_tls, align 8
  %stack.low = icmp ult i64 %stack.lim, %stack.guard
  br i1 %stack.low, label %stack.grow, label %entry, !prof !7

entry:                                            ; preds = %stack.check
  %y = add i64 %x, 1
  store i64 %y, ptr %slot, align 8
  %v = call i64 @main.g(i64 %y)
  %l = load i64, ptr %slot, align 8
  %s = add i64 %v, %l
  ret i64 %s

stack.grow:                                       ; preds = %stack.check
  %0 = getelementptr inbounds { i64, i64 }, ptr %stack.args, i32 0, i32 0
  store i64 %x, ptr %0, align 8
  call void @rog_morestack(ptr @"main.local\C2\B7morestack", ptr %stack.args, i64 216) #6
  %1 = getelementptr inbounds { i64, i64 }, ptr %stack.args, i32 0, i32 1
  %stack.result = load i64, ptr %1, align 8
  ret i64 %stack.result
}

; Function Attrs: noinline
define internal void @"main.fib\C2\B7morestack"(ptr %0) #5 {
entry:
  %1 = getelementptr inbounds { i64, i64 }, ptr %0, i32 0, i32 0
  %2 = load i64, ptr %1, align 8
  %r = call i64 @main.fib(i64 %2)
  %3 = getelementptr inbounds { i64, i64 }, ptr %0, i32 0, i32 1
  store i64 %r, ptr %3, align 8
  ret void
}

declare void @rog_morestack(ptr, ptr, i64)

; Function Attrs: noinline
define internal void @"main.get\C2\B7morestack"(ptr %0) #5 {
entry:
  %1 = getelementptr inbounds { ptr, i64, i64, i64 }, ptr %0, i32 0, i32 0
  %2 = load ptr, ptr %1, align 8
  %3 = getelementptr inbounds { ptr, i64, i64, i64 }, ptr %0, i32 0, i32 1
  %4 = load i64, ptr %3, align 8
  %5 = getelementptr inbounds { ptr, i64, i64, i64 }, ptr %0, i32 0, i32 2
  %6 = load i64, ptr %5, align 8
  %r = call i64 @main.get(ptr %2, i64 %4, i64 %6)
  %7 = getelementptr inbounds { ptr, i64, i64, i64 }, ptr %0, i32 0, i32 3
  store i64 %r, ptr %7, align 8
  ret void
}

; Function Attrs: noinline
define internal i64 @"main.big\C2\B7body"(i64 %x) #5 {
entry:
  %buf = alloca [1024 x i8], align 16
  %v = call i64 @main.g(i64 %x)
  store i8 1, ptr %buf, align 1
  %r = load i8, ptr %buf, align 1
  %z = zext i8 %r to i64
  %s = add i64 %v, %z
  ret i64 %s
}

; Function Attrs: noinline
define internal void @"main.big\C2\B7morestack"(ptr %0) #5 {
entry:
  %1 = getelementptr inbounds { i64, i64 }, ptr %0, i32 0, i32 0
  %2 = load i64, ptr %1, align 8
  %r = call i64 @"main.big\C2\B7body"(i64 %2)
  %3 = getelementptr inbounds { i64, i64 }, ptr %0, i32 0, i32 1
  store i64 %r, ptr %3, align 8
  ret void
}

; Function Attrs: noinline
define internal void @"main.triple\C2\B7morestack"(ptr %0) #5 {
entry:
  %1 = getelementptr inbounds { ptr, ptr, i64 }, ptr %0, i32 0, i32 0
  %2 = load ptr, ptr %1, align 8
  %3 = getelementptr inbounds { ptr, ptr, i64 }, ptr %0, i32 0, i32 1
  %4 = load ptr, ptr %3, align 8
  %5 = getelementptr inbounds { ptr, ptr, i64 }, ptr %0, i32 0, i32 2
  %6 = load i64, ptr %5, align 8
  call void @main.triple(ptr sret(%T3) %2, ptr nest %4, i64 %6)
  ret void
}

; Function Attrs: noinline
define internal void @"main.pair\C2\B7morestack"(ptr %0) #5 {
entry:
  %1 = getelementptr inbounds { i1, ptr, { i64, ptr } }, ptr %0, i32 0, i32 0
  %2 = load i1, ptr %1, align 1
  %3 = getelementptr inbounds { i1, ptr, { i64, ptr } }, ptr %0, i32 0, i32 1
  %4 = load ptr, ptr %3, align 8
  %r = call { i64, ptr } @main.pair(i1 zeroext %2, ptr %4)
  %5 = getelementptr inbounds { i1, ptr, { i64, ptr } }, ptr %0, i32 0, i32 2
  store { i64, ptr } %r, ptr %5, align 8
  ret void
}

; Function Attrs: noinline
define internal void @"main.rec\C2\B7morestack"(ptr %0) #5 {
entry:
  %1 = getelementptr inbounds { ptr, { ptr, ptr } }, ptr %0, i32 0, i32 0
  %parent = load ptr, ptr %1, align 8
  %self = call ptr @llvm.frameaddress.p0(i32 0)
  call void @rog_panic_wrapper(ptr %parent, ptr %self)
  %r = call { ptr, ptr } @main.rec()
  %2 = getelementptr inbounds { ptr, { ptr, ptr } }, ptr %0, i32 0, i32 1
  store { ptr, ptr } %r, ptr %2, align 8
  ret void
}

declare void @rog_panic_wrapper(ptr, ptr)

; Function Attrs: noinline
define internal void @"main.probed\C2\B7morestack"(ptr %0) #5 {
entry:
  %1 = getelementptr inbounds { i64, i64 }, ptr %0, i32 0, i32 0
  %2 = load i64, ptr %1, align 8
  %r = call i64 @main.probed(i64 %2)
  %3 = getelementptr inbounds { i64, i64 }, ptr %0, i32 0, i32 1
  store i64 %r, ptr %3, align 8
  ret void
}

; Function Attrs: noinline
define internal void @"main.local\C2\B7morestack"(ptr %0) #5 {
entry:
  %1 = getelementptr inbounds { i64, i64 }, ptr %0, i32 0, i32 0
  %2 = load i64, ptr %1, align 8
  %r = call i64 @main.local(i64 %2)
  %3 = getelementptr inbounds { i64, i64 }, ptr %0, i32 0, i32 1
  store i64 %r, ptr %3, align 8
  ret void
}

attributes #0 = { noreturn }
attributes #1 = { nocallback nofree nosync nounwind willreturn memory(none) }
attributes #2 = { "frame-pointer"="all" }
attributes #3 = { "frame-pointer"="all" "rog-stack" }
attributes #4 = { "frame-pointer"="all" "rog-nosplit" }
attributes #5 = { noinline "frame-pointer"="all" "rog-nosplit" }
attributes #6 = { cold }

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2, !3}

!0 = distinct !DICompileUnit(language: DW_LANG_Go, file: !1, producer: "rog", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "fib.go", directory: "/src")
!2 = !{i32 2, !"Debug Info Version", i32 3}
!3 = !{i32 7, !"Dwarf Version", i32 4}
!4 = distinct !DISubprogram(name: "main.fib", scope: !1, file: !1, line: 3, type: !5, scopeLine: 3, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)
!5 = !DISubroutineType(types: !6)
!6 = !{}
!7 = !{!"branch_weights", i32 1, i32 2000}
!8 = !DILocation(line: 5, column: 9, scope: !4)
; REMARK: main.add: stack: nosplit leaf, frame 80
; REMARK: main.fib: stack: check, frame 152
; REMARK: main.get: stack: check, frame 168
; REMARK: main.big: stack: check, frame 1160 (big frame: entry + body)
; REMARK: main.triple: stack: check, frame 152
; REMARK: main.pair: stack: check, frame 168
; REMARK: main.rec: stack: check, frame 104 (recover wrapper)
; REMARK: c.sum: stack: not checked (C varargs function), frame 72
; REMARK: main.probed: stack: check, frame 88
; REMARK: main.local: stack: check, frame 144
