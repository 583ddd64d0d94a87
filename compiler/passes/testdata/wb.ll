; RUN: passes=wb
; Write barriers: stores to the stack become plain stores; stores that may
; hit the heap get the inline enabled-test with the cold slow path. Debug
; locations carry through to the remarks.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

%T = type { ptr, i64, ptr }

declare void @rog_gcwrite(ptr, ptr)
declare void @rog_gcmemmove(ptr, ptr, i64, ptr)
@type.T = external global [48 x i8]
@main.global = global ptr null

; func set(t *T, p *int) { t.c = p }
define void @main.set(ptr %t, ptr %p) !dbg !5 {
  %f = getelementptr %T, ptr %t, i32 0, i32 2
  call void @rog_gcwrite(ptr %f, ptr %p), !dbg !8
  ret void
}

; A local T whose address is taken but which LLVM kept on the stack.
define ptr @main.local(ptr %p) !dbg !9 {
  %t = alloca %T
  %f = getelementptr %T, ptr %t, i32 0, i32 0
  call void @rog_gcwrite(ptr %f, ptr %p), !dbg !10
  %r = load ptr, ptr %f
  ret ptr %r
}

; Globals are roots but may be scanned concurrently: barrier kept.
define void @main.publish(ptr %p) {
  call void @rog_gcwrite(ptr @main.global, ptr %p)
  ret void
}

; *dst = *src for a T: to the heap with barrier, to the stack without.
define void @main.copy(ptr %dst, ptr %src) {
  %tmp = alloca %T
  call void @rog_gcmemmove(ptr %dst, ptr %src, i64 24, ptr @type.T)
  call void @rog_gcmemmove(ptr %tmp, ptr %src, i64 24, ptr @type.T)
  ret void
}

!llvm.module.flags = !{!0}
!llvm.dbg.cu = !{!1}
!0 = !{i32 2, !"Debug Info Version", i32 3}
!1 = distinct !DICompileUnit(language: DW_LANG_Go, file: !2, producer: "rog", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!2 = !DIFile(filename: "t.go", directory: "/src")
!3 = !DISubroutineType(types: !4)
!4 = !{}
!5 = distinct !DISubprogram(name: "main.set", scope: !2, file: !2, line: 10, type: !3, scopeLine: 10, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1)
!8 = !DILocation(line: 11, column: 6, scope: !5)
!9 = distinct !DISubprogram(name: "main.local", scope: !2, file: !2, line: 14, type: !3, scopeLine: 14, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1)
!10 = !DILocation(line: 16, column: 6, scope: !9)
