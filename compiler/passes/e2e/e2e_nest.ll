; Test input for the stack-check pass's end-to-end test: a closure body
; (context in the nest register, abi.h [calls]) returning two words,
; recursing through a nest call. e2e_nest_call is the C-callable entry.
declare void @e2e_touch(ptr)

define { i64, i64 } @e2e_nest_rec(ptr nest %ctx, i64 %depth) #0 {
entry:
  %slot = alloca i64, align 8
  store i64 %depth, ptr %slot
  call void @e2e_touch(ptr %slot)
  %z = icmp eq i64 %depth, 0
  br i1 %z, label %base, label %rec

base:
  %k = load i64, ptr %ctx
  %b0 = insertvalue { i64, i64 } undef, i64 %k, 0
  %b1 = insertvalue { i64, i64 } %b0, i64 0, 1
  ret { i64, i64 } %b1

rec:
  %d1 = sub i64 %depth, 1
  %r = call { i64, i64 } @e2e_nest_rec(ptr nest %ctx, i64 %d1)
  %a = extractvalue { i64, i64 } %r, 0
  %c = extractvalue { i64, i64 } %r, 1
  %l = load i64, ptr %slot
  %c1 = add i64 %c, %l
  %o0 = insertvalue { i64, i64 } undef, i64 %a, 0
  %o1 = insertvalue { i64, i64 } %o0, i64 %c1, 1
  ret { i64, i64 } %o1
}

define { i64, i64 } @e2e_nest_call(ptr %ctx, i64 %depth) #0 {
  %r = call { i64, i64 } @e2e_nest_rec(ptr nest %ctx, i64 %depth)
  ret { i64, i64 } %r
}

attributes #0 = { "frame-pointer"="all" }
