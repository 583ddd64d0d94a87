; RUN: passes=stack
; Stack checks (abi.h [stack]): small leaves are skipped; other functions
; compare frameaddress(0) minus their frame bound with rog_tls.stack_guard
; and re-run through a thunk on rog_morestack; big frames are split into a
; checking entry and a body; sret, nest and aggregate results survive the
; thunk; functions that call rog_gorecover get the panic wrapper call in
; their thunk; C varargs functions are refused.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

%T3 = type { i64, i64, i64 }

declare i64 @main.g(i64)
declare void @rog_panic_index(i64, i64) noreturn
declare { ptr, ptr } @rog_gorecover(ptr)
declare ptr @llvm.frameaddress.p0(i32)

; A small leaf: no check.
define i64 @main.add(i64 %a, i64 %b) #0 {
  %s = add i64 %a, %b
  ret i64 %s
}

; Non-leaf: check + thunk.
define i64 @main.fib(i64 %n) #0 !dbg !5 {
entry:
  %small = icmp slt i64 %n, 2
  br i1 %small, label %base, label %rec

base:
  ret i64 %n

rec:
  %n1 = sub i64 %n, 1
  %f1 = call i64 @main.fib(i64 %n1), !dbg !8
  %n2 = sub i64 %n, 2
  %f2 = call i64 @main.fib(i64 %n2), !dbg !8
  %s = add i64 %f1, %f2
  ret i64 %s
}

; A leaf whose only call is a panic is still a call (as in gc).
define i64 @main.get(ptr %p, i64 %n, i64 %i) #0 {
entry:
  %ok = icmp ult i64 %i, %n
  br i1 %ok, label %in, label %panic
panic:
  call void @rog_panic_index(i64 %i, i64 %n)
  unreachable
in:
  %a = getelementptr i64, ptr %p, i64 %i
  %v = load i64, ptr %a
  ret i64 %v
}

; Big frame: checking entry + body; the alloca stays static in the body.
define i64 @main.big(i64 %x) #0 {
entry:
  %buf = alloca [1024 x i8], align 16
  %v = call i64 @main.g(i64 %x)
  store i8 1, ptr %buf
  %r = load i8, ptr %buf
  %z = zext i8 %r to i64
  %s = add i64 %v, %z
  ret i64 %s
}

; sret result and a nest (closure context) parameter: forwarded with their
; attributes; the thunk's call returns nothing.
define void @main.triple(ptr sret(%T3) %out, ptr nest %ctx, i64 %x) #0 {
  %y = call i64 @main.g(i64 %x)
  %c = load i64, ptr %ctx
  store i64 %y, ptr %out
  %o1 = getelementptr i64, ptr %out, i64 1
  store i64 %c, ptr %o1
  ret void
}

; Two-part aggregate result (returned in registers) with zeroext i1 param.
define { i64, ptr } @main.pair(i1 zeroext %f, ptr %p) #0 {
  %v = call i64 @main.g(i64 1)
  %a = insertvalue { i64, ptr } undef, i64 %v, 0
  %b = insertvalue { i64, ptr } %a, ptr %p, 1
  ret { i64, ptr } %b
}

; recover(): frameaddress(1) at entry; the thunk calls rog_panic_wrapper.
define { ptr, ptr } @main.rec() #0 {
entry:
  %parent = call ptr @llvm.frameaddress.p0(i32 1)
  %r = call { ptr, ptr } @rog_gorecover(ptr %parent)
  ret { ptr, ptr } %r
}

; C varargs: refused.
define i64 @c.sum(i32 %n, ...) #0 {
  %v = call i64 @main.g(i64 1)
  ret i64 %v
}

; //go:nosplit
define i64 @main.nosplit(i64 %x) #1 {
  %v = call i64 @main.g(i64 %x)
  ret i64 %v
}

; Probes would touch memory below the guard: removed from checked functions.
define i64 @main.probed(i64 %x) #2 {
  %v = call i64 @main.g(i64 %x)
  ret i64 %v
}

attributes #0 = { "frame-pointer"="all" }
attributes #1 = { "frame-pointer"="all" "rog-nosplit" }
attributes #2 = { "frame-pointer"="all" "probe-stack"="inline-asm" }

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}

!0 = distinct !DICompileUnit(language: DW_LANG_Go, file: !1, producer: "rog", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "fib.go", directory: "/src")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !{i32 7, !"Dwarf Version", i32 4}
!5 = distinct !DISubprogram(name: "main.fib", scope: !1, file: !1, line: 3, type: !6, scopeLine: 3, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)
!6 = !DISubroutineType(types: !7)
!7 = !{}
!8 = !DILocation(line: 5, column: 9, scope: !5)

; Entry allocas move into the new entry block (static, names kept).
define i64 @main.local(i64 %x) #0 {
entry:
  %y = add i64 %x, 1
  %slot = alloca i64, align 8
  store i64 %y, ptr %slot
  %v = call i64 @main.g(i64 %y)
  %l = load i64, ptr %slot
  %s = add i64 %v, %l
  ret i64 %s
}
