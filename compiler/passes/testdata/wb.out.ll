; ModuleID = 'wb.ll'
source_filename = "wb.ll"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

%T = type { ptr, i64, ptr }

@type.T = external global [48 x i8]
@main.global = global ptr null
@rog_wb_enabled = external global i32

declare void @rog_gcwrite(ptr, ptr)

declare void @rog_gcmemmove(ptr, ptr, i64, ptr)

define void @main.set(ptr %t, ptr %p) !dbg !3 {
  %f = getelementptr %T, ptr %t, i32 0, i32 2
  %wb.enabled.i = load atomic i32, ptr @rog_wb_enabled monotonic, align 4, !dbg !6
  %wb.on.i = icmp ne i32 %wb.enabled.i, 0, !dbg !6
  br i1 %wb.on.i, label %barrier.i, label %store.i, !dbg !6, !prof !7

barrier.i:                                        ; preds = %0
  call void @rog_write_barrier(ptr %f, ptr %p) #2, !dbg !6
  br label %rog.wb.store.exit, !dbg !6

store.i:                                          ; preds = %0
  store ptr %p, ptr %f, align 8, !dbg !6
  br label %rog.wb.store.exit, !dbg !6

rog.wb.store.exit:                                ; preds = %store.i, %barrier.i
  ret void
}

define ptr @main.local(ptr %p) !dbg !8 {
  %t = alloca %T, align 8
  %f = getelementptr %T, ptr %t, i32 0, i32 0
  store ptr %p, ptr %f, align 8, !dbg !9
  %r = load ptr, ptr %f, align 8
  ret ptr %r
}

define void @main.publish(ptr %p) {
  %wb.enabled.i = load atomic i32, ptr @rog_wb_enabled monotonic, align 4
  %wb.on.i = icmp ne i32 %wb.enabled.i, 0
  br i1 %wb.on.i, label %barrier.i, label %store.i, !prof !7

barrier.i:                                        ; preds = %0
  call void @rog_write_barrier(ptr @main.global, ptr %p) #2
  br label %rog.wb.store.exit

store.i:                                          ; preds = %0
  store ptr %p, ptr @main.global, align 8
  br label %rog.wb.store.exit

rog.wb.store.exit:                                ; preds = %store.i, %barrier.i
  ret void
}

define void @main.copy(ptr %dst, ptr %src) {
  %tmp = alloca %T, align 8
  %wb.enabled.i = load atomic i32, ptr @rog_wb_enabled monotonic, align 4
  %wb.on.i = icmp ne i32 %wb.enabled.i, 0
  br i1 %wb.on.i, label %barrier.i, label %move.i, !prof !7

barrier.i:                                        ; preds = %0
  call void @rog_write_barrier_bulk(ptr %dst, ptr %src, i64 24, ptr @type.T) #2
  br label %rog.wb.memmove.exit

move.i:                                           ; preds = %0
  call void @llvm.memmove.p0.p0.i64(ptr align 8 %dst, ptr align 8 %src, i64 24, i1 false)
  br label %rog.wb.memmove.exit

rog.wb.memmove.exit:                              ; preds = %move.i, %barrier.i
  call void @llvm.memmove.p0.p0.i64(ptr align 8 %tmp, ptr align 8 %src, i64 24, i1 false)
  ret void
}

; Function Attrs: cold
declare void @rog_write_barrier(ptr, ptr) #0

; Function Attrs: cold
declare void @rog_write_barrier_bulk(ptr, ptr, i64, ptr) #0

; Function Attrs: nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memmove.p0.p0.i64(ptr nocapture writeonly, ptr nocapture readonly, i64, i1 immarg) #1

attributes #0 = { cold }
attributes #1 = { nocallback nofree nounwind willreturn memory(argmem: readwrite) }
attributes #2 = { cold nounwind }

!llvm.module.flags = !{!0}
!llvm.dbg.cu = !{!1}

!0 = !{i32 2, !"Debug Info Version", i32 3}
!1 = distinct !DICompileUnit(language: DW_LANG_Go, file: !2, producer: "rog", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!2 = !DIFile(filename: "t.go", directory: "/src")
!3 = distinct !DISubprogram(name: "main.set", scope: !2, file: !2, line: 10, type: !4, scopeLine: 10, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1)
!4 = !DISubroutineType(types: !5)
!5 = !{}
!6 = !DILocation(line: 11, column: 6, scope: !3)
!7 = !{!"branch_weights", i32 1, i32 2000}
!8 = distinct !DISubprogram(name: "main.local", scope: !2, file: !2, line: 14, type: !4, scopeLine: 14, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1)
!9 = !DILocation(line: 16, column: 6, scope: !8)
; REMARK: t.go:11:6: wb: barrier: store may hit the heap
; REMARK: t.go:16:6: wb: no barrier: store to stack
; REMARK: main.publish: wb: barrier: store may hit the heap
; REMARK: main.copy: wb: barrier: copy may hit the heap
; REMARK: main.copy: wb: no barrier: copy to stack
