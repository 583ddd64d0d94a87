; ModuleID = 'spec.ll'
source_filename = "spec.ll"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @g() local_unnamed_addr

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: readwrite)
define void @yes_int_min(ptr nocapture %p, i64 %v) local_unnamed_addr #0 {
entry:
  %old = load i64, ptr %p, align 8
  %spec.sel = tail call i64 @llvm.smin.i64(i64 %old, i64 %v)
  store i64 %spec.sel, ptr %p, align 8
  ret void
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: readwrite)
define void @yes_false_edge(ptr nocapture %p, double %v) local_unnamed_addr #0 {
entry:
  %old = load double, ptr %p, align 8
  %gt = fcmp olt double %old, %v
  %spec.sel = select i1 %gt, double %old, double %v
  store double %spec.sel, ptr %p, align 8
  ret void
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: readwrite)
define void @no_not_minmax(ptr nocapture %p, i64 %v) local_unnamed_addr #0 {
entry:
  %old = load i64, ptr %p, align 8
  %pos = icmp sgt i64 %old, 0
  br i1 %pos, label %st, label %done

st:                                               ; preds = %entry
  store i64 %v, ptr %p, align 8
  br label %done

done:                                             ; preds = %st, %entry
  ret void
}

define void @no_call_between(ptr nocapture %p, i64 %v) local_unnamed_addr {
entry:
  %old = load i64, ptr %p, align 8
  tail call void @g()
  %lt = icmp sgt i64 %old, %v
  br i1 %lt, label %st, label %done

st:                                               ; preds = %entry
  store i64 %v, ptr %p, align 8
  br label %done

done:                                             ; preds = %st, %entry
  ret void
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: readwrite)
define void @no_pointer(ptr nocapture %p, ptr %v) local_unnamed_addr #0 {
entry:
  %old = load ptr, ptr %p, align 8
  %lt = icmp ugt ptr %old, %v
  br i1 %lt, label %st, label %done

st:                                               ; preds = %entry
  store ptr %v, ptr %p, align 8
  br label %done

done:                                             ; preds = %st, %entry
  ret void
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite, inaccessiblemem: readwrite)
define void @no_volatile(ptr %p, i64 %v) local_unnamed_addr #1 {
entry:
  %old = load i64, ptr %p, align 8
  %lt = icmp sgt i64 %old, %v
  br i1 %lt, label %st, label %done

st:                                               ; preds = %entry
  store volatile i64 %v, ptr %p, align 8
  br label %done

done:                                             ; preds = %st, %entry
  ret void
}

; Function Attrs: mustprogress nofree norecurse nounwind willreturn memory(argmem: readwrite)
define void @no_atomic_load(ptr nocapture %p, i64 %v) local_unnamed_addr #2 {
entry:
  %old = load atomic i64, ptr %p acquire, align 8
  %lt = icmp sgt i64 %old, %v
  br i1 %lt, label %st, label %done

st:                                               ; preds = %entry
  store i64 %v, ptr %p, align 8
  br label %done

done:                                             ; preds = %st, %entry
  ret void
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smin.i64(i64, i64) #3

attributes #0 = { mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: readwrite) }
attributes #1 = { nofree norecurse nounwind memory(argmem: readwrite, inaccessiblemem: readwrite) }
attributes #2 = { mustprogress nofree norecurse nounwind willreturn memory(argmem: readwrite) }
attributes #3 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
; REMARK: yes_int_min: spec: conditional store made unconditional (min/max update)
; REMARK: yes_false_edge: spec: conditional store made unconditional (min/max update)
