; ModuleID = 'h2s.ll'
source_filename = "h2s.ll"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@type.int = external global [48 x i8]
@type.P = external global [48 x i8]
@main.sink = global ptr null
@rog_wb_enabled = external global i32

declare ptr @rog_alloc(i64, ptr)

declare void @rog_gcwrite(ptr, ptr)

declare i64 @main.use(ptr nocapture)

declare void @main.keep(ptr)

define i64 @main.local(i64 %x) {
  %h2s = alloca [8 x i8], align 8
  call void @llvm.memset.p0.i64(ptr align 8 %h2s, i8 0, i64 8, i1 false)
  store i64 %x, ptr %h2s, align 8
  %u = call i64 @main.use(ptr %h2s)
  %v = load i64, ptr %h2s, align 8
  %r = add i64 %u, %v
  ret i64 %r
}

define ptr @main.pair(ptr %a) {
  %h2s = alloca [16 x i8], align 8
  call void @llvm.memset.p0.i64(ptr align 8 %h2s, i8 0, i64 16, i1 false)
  store ptr %a, ptr %h2s, align 8
  %f = getelementptr i8, ptr %h2s, i64 8
  %l = load ptr, ptr %h2s, align 8
  ret ptr %l
}

define ptr @main.ret() {
  %p = call ptr @rog_alloc(i64 8, ptr @type.int)
  ret ptr %p
}

define void @main.store(ptr %dst) {
  %p = call ptr @rog_alloc(i64 8, ptr @type.int)
  %wb.enabled.i = load atomic i32, ptr @rog_wb_enabled monotonic, align 4
  %wb.on.i = icmp ne i32 %wb.enabled.i, 0
  br i1 %wb.on.i, label %barrier.i, label %store.i, !prof !0

barrier.i:                                        ; preds = %0
  call void @rog_write_barrier(ptr %dst, ptr %p) #2
  br label %rog.wb.store.exit

store.i:                                          ; preds = %0
  store ptr %p, ptr %dst, align 8
  br label %rog.wb.store.exit

rog.wb.store.exit:                                ; preds = %store.i, %barrier.i
  ret void
}

define void @main.call() {
  %p = call ptr @rog_alloc(i64 8, ptr @type.int)
  call void @main.keep(ptr %p)
  ret void
}

define ptr @main.make(i64 %n) {
  %p = call ptr @rog_alloc(i64 %n, ptr @type.int)
  %v = load i64, ptr %p, align 8
  ret ptr null
}

define i64 @main.big() {
  %p = call ptr @rog_alloc(i64 1048576, ptr null)
  %v = load i64, ptr %p, align 8
  ret i64 %v
}

define i64 @main.loop(i64 %n) {
entry:
  %h2s = alloca [8 x i8], align 8
  br label %loop

loop:                                             ; preds = %loop, %entry
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %acc = phi i64 [ 0, %entry ], [ %acc.next, %loop ]
  call void @llvm.memset.p0.i64(ptr align 8 %h2s, i8 0, i64 8, i1 false)
  %old = load i64, ptr %h2s, align 8
  store i64 %i, ptr %h2s, align 8
  %v = load i64, ptr %h2s, align 8
  %acc1 = add i64 %acc, %v
  %acc.next = add i64 %acc1, %old
  %i.next = add i64 %i, 1
  %more = icmp slt i64 %i.next, %n
  br i1 %more, label %loop, label %done

done:                                             ; preds = %loop
  ret i64 %acc.next
}

; Function Attrs: nocallback nofree nounwind willreturn memory(argmem: write)
declare void @llvm.memset.p0.i64(ptr nocapture writeonly, i8, i64, i1 immarg) #0

; Function Attrs: cold
declare void @rog_write_barrier(ptr, ptr) #1

attributes #0 = { nocallback nofree nounwind willreturn memory(argmem: write) }
attributes #1 = { cold }
attributes #2 = { cold nounwind }

!0 = !{!"branch_weights", i32 1, i32 2000}
; REMARK: main.local: h2s: moved 8-byte allocation to stack
; REMARK: main.pair: h2s: moved 16-byte allocation to stack
; REMARK: main.ret: h2s: stays on heap: escapes
; REMARK: main.store: h2s: stays on heap: escapes
; REMARK: main.call: h2s: stays on heap: escapes
; REMARK: main.make: h2s: stays on heap: size not constant
; REMARK: main.big: h2s: stays on heap: 1048576 bytes is too large
; REMARK: main.loop: h2s: moved 8-byte allocation to stack
; REMARK: main.pair: wb: no barrier: store to stack
; REMARK: main.store: wb: barrier: store may hit the heap
