/*
 * closure.c: func values that are not plain functions: func literals
 * (closures), method values (bound receivers), method expressions, the
 * method wrappers itabs and method tables need, and the closures of `go`
 * and `defer` statements (abi.h [rt], [panic]).
 *
 * Closure objects (abi.h [layouts]): word 0 is the code pointer; a func
 * literal's object holds, after it, the *addresses* of the variables it
 * captures (they are heap variables: the escape pre-pass marks every
 * captured variable), so capture is by reference. Its body is a function
 * with a `nest` parameter that loads those addresses and binds them as the
 * variables. A literal that captures nothing gets a static one-word
 * closure.
 *
 * Method values `x.M` evaluate the receiver now (copying a value receiver,
 * taking the address for pointer methods) into {wrapper, recv}; the
 * wrapper `T.M-fm` loads the receiver from nest and calls the method.
 *
 * `go f(x)` / `defer f(x)`: f and the arguments are evaluated now into
 * {thunk, fv, args...} (a Go struct type, so the GC scans it precisely);
 * the thunk takes only nest, and calls fv with the stored arguments. A
 * defer thunk is a wrapper in abi.h [panic]'s sense: it calls
 * rog_panic_wrapper first so recover() in f sees the panic.
 */
#include <stdlib.h>
#include <string.h>

#include "compiler/lower/internal.h"
#include "compiler/lower/typedesc.h"

/* Marks every call in defer thunk f noinline at the call site. recover()
 * recovers only when called by the deferred function itself: the runtime
 * compares the caller frame of rog_gorecover's caller with the thunk's
 * frame (abi.h [panic]). Were the deferred function D inlined into the
 * thunk, a function D calls that calls recover() would see the thunk as
 * its caller and recover, where gc returns nil (`defer helper()` with
 * helper calling a recovering function). */
static void calls_noinline(Lower *L, LLVMValueRef f) {
  unsigned kind = LLVMGetEnumAttributeKindForName("noinline", 8);
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb; bb = LLVMGetNextBasicBlock(bb))
    for (LLVMValueRef in = LLVMGetFirstInstruction(bb); in; in = LLVMGetNextInstruction(in)) {
      if (LLVMGetInstructionOpcode(in) != LLVMCall) continue;
      LLVMValueRef callee = LLVMGetCalledValue(in);
      if (callee && LLVMIsAFunction(callee) && LLVMGetIntrinsicID(callee)) continue;
      LLVMAddCallSiteAttribute(in, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(L->ctx, kind, 0));
    }
}

/* The entry of a wrapper f that recover() must see through: moves the
 * panic's argp to f's frame when f was called by the frame recover()
 * would accept (rog_panic_wrapper), and keeps f's frame under what it
 * calls (no tail calls). */
static void panic_wrapper_entry(Lower *L, LLVMValueRef f) {
  LLVMValueRef a[2] = {lower_frameaddress(L, 1), lower_frameaddress(L, 0)};
  lower_rt_call(L, "rog_panic_wrapper", NULL, a, 2);
  LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex,
                          LLVMCreateStringAttribute(L->ctx, "disable-tail-calls", 18, "true", 4));
}

static SynNode *unparen(SynNode *n) {
  while (n && n->kind == SYN_PAREN)
    n = n->u.paren.x;
  return n;
}

Type *lower_env_type(Lower *L, Type **fields, uint32_t n) {
  Object **fs = types_alloc(L->tc, (n + 1) * sizeof *fs);
  for (uint32_t i = 0; i < n; i++) {
    char name[16];
    snprintf(name, sizeof name, "F%u", i);
    fs[i] = types_new_object(L->tc, OBJ_VAR, L->pkg, types_strdup(L->tc, name, strlen(name)), fields[i]);
    fs[i]->is_field = true;
  }
  return types_new_struct(L->tc, fs, NULL, n);
}

static Type *uptr(Lower *L) {
  return types_basic(L->tc, UNSAFE_POINTER);
}

/* Allocates an environment of type et and stores vals (field values). */
static LLVMValueRef fill_env(Lower *L, LLVMValueRef p, Type *et, LLVMValueRef *vals, uint32_t n) {
  Type *u = types_underlying(et);
  LLVMTypeRef lt = lower_type(L, et);
  for (uint32_t i = 0; i < n; i++) {
    LLVMValueRef fp = LLVMBuildStructGEP2(L->b, lt, p, lower_field_index(L, u, i), "");
    lower_store(L, u->u.strukt.fields[i]->type, fp, vals[i]);
  }
  return p;
}

static LLVMValueRef make_env(Lower *L, Type *et, LLVMValueRef *vals, uint32_t n) {
  return fill_env(L, lower_alloc(L, et), et, vals, n);
}

/* The closure of a deferred call. A defer statement that runs at most once
 * per call of the function (not inside a for/range, no goto in the body)
 * keeps its closure in the function's frame, as gc's stack-allocated
 * defers: the runtime holds the pointer (defer_rec.fn) only until the
 * deferred call has run, which is always before the frame is gone (at
 * rog_defer_return, or by a panic while the frame is still on its stack
 * segment; segments never move). The GC finds the closure's pointers by
 * scanning the frame. Otherwise each execution needs its own closure,
 * allocated on the heap. The same holds for the closure of a func literal
 * deferred directly (`defer func() {...}()`, Fn.lit_on_stack), and the
 * escape pre-pass (lower.c) does not move the variables such a literal
 * captures to the heap. */
static bool defer_on_stack(Lower *L) {
  return L->fn->loop_depth == 0 && !L->fn->has_goto;
}

static LLVMValueRef defer_env(Lower *L, Type *et, LLVMValueRef *vals, uint32_t n) {
  if (!defer_on_stack(L)) return make_env(L, et, vals, n);
  LLVMValueRef p = lower_entry_alloca(L, et, "deferenv");
  return fill_env(L, p, et, vals, n);
}

static LLVMValueRef env_field(Lower *L, Type *et, LLVMValueRef env, uint32_t i) {
  Type *u = types_underlying(et);
  LLVMValueRef fp = LLVMBuildStructGEP2(L->b, lower_type(L, et), env, lower_field_index(L, u, i), "");
  return lower_load(L, u->u.strukt.fields[i]->type, fp);
}

/* A thunk with a leading nest parameter (after sret) that forwards to
 * code: a func value's code is always called with nest, and calling a
 * function whose LLVM type lacks it would be undefined behaviour in IR.
 *
 * The thunk is a naked function whose body is one jump to code (`jmp
 * code@PLT` on amd64, `b code` on arm64). The nest parameter travels in a
 * register of its own (r10, x18) that is no argument register, so every
 * argument, sret pointer and result is already where code expects it: the
 * jump is transparent and leaves no frame. That keeps recover() right
 * (abi.h [panic]): in `f := rec; defer f()` rec's caller frame is the
 * defer thunk's, and in `f := helper; defer f()` helper keeps a frame of
 * its own, as with gc, whose func values call the function directly.
 * Rejected: a forwarding call (what this was): at -O0 it is a frame
 * between the defer thunk and rec, so rec did not recover; at -O2 code was
 * inlined into it and a call code made in tail position then saw the
 * defer thunk as its caller and recovered where gc's does not. */
static LLVMValueRef nest_thunk(Lower *L, LLVMValueRef code) {
  const char *sym = lower_strf(L, "%s-nest", LLVMGetValueName(code));
  LLVMValueRef f = LLVMGetNamedFunction(L->mod, sym);
  if (f) return f;
  LLVMTypeRef fty = LLVMGlobalGetValueType(code);
  unsigned n = LLVMCountParamTypes(fty);
  LLVMTypeRef *ps = calloc(n + 2, sizeof *ps);
  LLVMGetParamTypes(fty, ps);
  unsigned sretk = LLVMGetEnumAttributeKindForName("sret", 4);
  LLVMAttributeRef sret = n > 0 ? LLVMGetEnumAttributeAtIndex(code, 1, sretk) : NULL;
  unsigned at = sret ? 1 : 0;
  LLVMTypeRef *tps = calloc(n + 2, sizeof *tps);
  for (unsigned i = 0, k = 0; i <= n; i++) {
    if (i == at) tps[k++] = L->ptr;
    if (i < n) tps[k++] = ps[i];
  }
  LLVMTypeRef tty = LLVMFunctionType(LLVMGetReturnType(fty), tps, n + 1, false);
  f = LLVMAddFunction(L->mod, sym, tty);
  LLVMSetLinkage(f, LLVMLinkOnceODRLinkage);
  LLVMAddAttributeAtIndex(f, at + 1,
                          LLVMCreateEnumAttribute(L->ctx, LLVMGetEnumAttributeKindForName("nest", 4), 0));
  if (sret) LLVMAddAttributeAtIndex(f, 1, sret);
  /* the callers' zero/sign extensions: those of the callee */
  unsigned zk = LLVMGetEnumAttributeKindForName("zeroext", 7),
           sk = LLVMGetEnumAttributeKindForName("signext", 7);
  for (unsigned i = 0; i < n; i++) {
    if (LLVMGetEnumAttributeAtIndex(code, i + 1, zk))
      LLVMAddAttributeAtIndex(f, i + (i >= at ? 2 : 1), LLVMCreateEnumAttribute(L->ctx, zk, 0));
    if (LLVMGetEnumAttributeAtIndex(code, i + 1, sk))
      LLVMAddAttributeAtIndex(f, i + (i >= at ? 2 : 1), LLVMCreateEnumAttribute(L->ctx, sk, 0));
  }
  const char *attrs[] = {"naked", "noinline", "nounwind"};
  for (unsigned i = 0; i < 3; i++)
    LLVMAddAttributeAtIndex(
        f, LLVMAttributeFunctionIndex,
        LLVMCreateEnumAttribute(L->ctx, LLVMGetEnumAttributeKindForName(attrs[i], strlen(attrs[i])), 0));
  const char *triple = LLVMGetTarget(L->mod);
  bool arm64 = triple && (strncmp(triple, "aarch64", 7) == 0 || strncmp(triple, "arm64", 5) == 0);
  /* gc symbol names have no '$' or '"'; quoted, any of their characters is fine */
  const char *text = arm64 ? lower_strf(L, "b \"%s\"", LLVMGetValueName(code))
                           : lower_strf(L, "jmp \"%s\"@PLT", LLVMGetValueName(code));
  LLVMTypeRef vty = LLVMFunctionType(L->voidt, NULL, 0, false);
  LLVMValueRef jump =
      LLVMGetInlineAsm(vty, (char *)text, strlen(text), "", 0, true, false, LLVMInlineAsmDialectATT, false);
  LLVMBuilderRef b = LLVMCreateBuilderInContext(L->ctx);
  LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(L->ctx, f, "entry"));
  LLVMBuildCall2(b, vty, jump, NULL, 0, "");
  LLVMBuildUnreachable(b);
  LLVMDisposeBuilder(b);
  /* the asm text is no use of code in IR: an unused linkonce_odr code
     (a method expression's wrapper) would be dropped */
  if (L->nasm_used == L->cap_asm_used) {
    L->cap_asm_used = L->cap_asm_used ? 2 * L->cap_asm_used : 16;
    L->asm_used = realloc(L->asm_used, L->cap_asm_used * sizeof *L->asm_used);
  }
  L->asm_used[L->nasm_used++] = code;
  free(ps);
  free(tps);
  return f;
}

/* A static one-word closure for code; has_nest says whether code takes
 * the nest parameter already (closure bodies) or needs a thunk. */
LLVMValueRef lower_static_closure(Lower *L, LLVMValueRef code, bool has_nest) {
  const char *sym = lower_strf(L,
                               "%s\xc2\xb7"
                               "f",
                               LLVMGetValueName(code));
  LLVMValueRef g = LLVMGetNamedGlobal(L->mod, sym);
  if (!g) {
    g = LLVMAddGlobal(L->mod, L->ptr, sym);
    LLVMSetInitializer(g, has_nest ? code : nest_thunk(L, code));
    LLVMSetGlobalConstant(g, true);
    LLVMSetLinkage(g, LLVMLinkOnceODRLinkage);
    LLVMSetAlignment(g, 8);
  }
  return g;
}

/* ---- func literals ----------------------------------------------------------------- */

typedef struct CapScan {
  Lower *L;
  Object **vars;
  uint32_t n, cap;
} CapScan;

static void cap_add(CapScan *cs, Object *o) {
  for (uint32_t i = 0; i < cs->n; i++)
    if (cs->vars[i] == o) return;
  if (cs->n == cs->cap) {
    cs->cap = cs->cap ? 2 * cs->cap : 8;
    cs->vars = realloc(cs->vars, cs->cap * sizeof *cs->vars);
  }
  cs->vars[cs->n++] = o;
}

/* Collects the uses of the current function's locals under n. */
static void cap_walk(void *ctx, SynNode *n) {
  CapScan *cs = ctx;
  if (n->kind == SYN_NAME) {
    Object *o = types_ptrmap_get(&cs->L->info->uses, n);
    if (o && o->kind == OBJ_VAR && types_ptrmap_get(&cs->L->vars, o)) cap_add(cs, o);
    return;
  }
  lower_each_child(n, cap_walk, cs);
}

LLVMValueRef lower_func_lit(Lower *L, SynNode *lit) {
  Fn *top = L->fn;
  bool on_stack = top && top->lit_on_stack; /* see defer_env */
  if (top) top->lit_on_stack = false;
  const char *sym = lower_strf(L, "%s.func%d", top ? top->name : L->pkg->path, top ? ++top->nclosures : 0);
  CapScan cs = {.L = L};
  cap_walk(&cs, lit->u.func_lit.body);
  /* the literal's own parameters/results are not in L->vars yet; captured
     variables of nested literals that belong to this one are defined
     inside it and so are not in L->vars either */
  lower_func_body(L, NULL, lit, lit->u.func_lit.body, sym, true, cs.vars, cs.n);
  LLVMValueRef code = LLVMGetNamedFunction(L->mod, sym);
  LLVMSetLinkage(code, LLVMInternalLinkage);
  if (cs.n == 0) {
    free(cs.vars);
    return lower_static_closure(L, code, true);
  }
  Type **fts = calloc(cs.n + 1, sizeof *fts);
  LLVMValueRef *vals = calloc(cs.n + 1, sizeof *vals);
  fts[0] = uptr(L);
  vals[0] = code;
  for (uint32_t i = 0; i < cs.n; i++) {
    fts[i + 1] = uptr(L);
    LocalVar *lv = types_ptrmap_get(&L->vars, cs.vars[i]);
    vals[i + 1] = lv->addr;
  }
  Type *et = lower_env_type(L, fts, cs.n + 1);
  LLVMValueRef env = on_stack ? fill_env(L, lower_entry_alloca(L, et, "deferlit"), et, vals, cs.n + 1)
                              : make_env(L, et, vals, cs.n + 1);
  free(fts);
  free(vals);
  free(cs.vars);
  return env;
}

/* ---- wrappers ------------------------------------------------------------------------ */

static uint32_t nparams(Type *sig) {
  return sig->u.sig.params ? sig->u.sig.params->u.tuple.len : 0;
}
static uint32_t nresults(Type *sig) {
  return sig->u.sig.results ? sig->u.sig.results->u.tuple.len : 0;
}

/* Starts the definition of fn (state saved in *save). */
typedef struct Saved {
  Fn *fn;
  PtrMap vars;
  LLVMBasicBlockRef bb;
  LLVMMetadataRef sp, loc;
  LowerSubst *subst;
} Saved;

static Fn *begin_fn(Lower *L, LLVMValueRef fnv, const LowerSig *s, Type *gosig, const char *name, Saved *sv) {
  sv->fn = L->fn;
  sv->vars = L->vars;
  sv->bb = LLVMGetInsertBlock(L->b);
  sv->sp = L->di_sp;
  sv->loc = LLVMGetCurrentDebugLocation2(L->b);
  sv->subst = L->subst;
  memset(&L->vars, 0, sizeof L->vars);
  L->di_sp = NULL;
  LLVMSetCurrentDebugLocation2(L->b, NULL);
  Fn *f = calloc(1, sizeof *f);
  f->fn = fnv;
  f->sig = *s;
  f->gosig = gosig;
  f->name = name;
  f->outer = sv->fn;
  L->fn = f;
  LLVMAddAttributeAtIndex(fnv, LLVMAttributeFunctionIndex,
                          LLVMCreateStringAttribute(L->ctx, "frame-pointer", 13, "all", 3));
  f->entry = LLVMAppendBasicBlockInContext(L->ctx, fnv, "entry");
  LLVMPositionBuilderAtEnd(L->b, f->entry);
  return f;
}

static void end_fn(Lower *L, Saved *sv) {
  free(L->fn->targets);
  free(L->fn);
  L->fn = sv->fn;
  L->vars = sv->vars;
  L->subst = sv->subst;
  L->di_sp = sv->sp;
  if (sv->bb) LLVMPositionBuilderAtEnd(L->b, sv->bb);
  LLVMSetCurrentDebugLocation2(L->b, sv->loc);
}

/* Receiver of method m reached from a value of type `from` (T or *T, given
 * as Go value v) along path[0..n-1] (field indices), adjusted to m's
 * declared receiver type. */
static LLVMValueRef path_receiver(Lower *L, LLVMValueRef v, Type *from, uint32_t *path, uint32_t n,
                                  Type *want) {
  Type *cur = from;
  for (uint32_t i = 0; i < n; i++) {
    Type *u = types_underlying(cur);
    if (u->kind == TY_POINTER) {
      lower_nil_check(L, v);
      cur = u->u.pointer.elem;
      u = types_underlying(cur);
      LLVMValueRef fp = LLVMBuildStructGEP2(L->b, lower_type(L, u), v, lower_field_index(L, u, path[i]), "");
      cur = u->u.strukt.fields[path[i]]->type;
      v = lower_load(L, cur, fp);
    } else {
      v = LLVMBuildExtractValue(L->b, v, lower_field_index(L, u, path[i]), "");
      cur = u->u.strukt.fields[path[i]]->type;
    }
  }
  bool want_ptr = types_underlying(want)->kind == TY_POINTER && !types_is_interface(want);
  bool have_ptr = types_underlying(cur)->kind == TY_POINTER;
  if (want_ptr && !have_ptr) {
    /* only reachable through addressable paths; copy to the heap */
    LLVMValueRef p = lower_alloc(L, cur);
    lower_store(L, cur, p, v);
    return p;
  }
  if (!want_ptr && have_ptr && !types_is_interface(want)) {
    lower_nil_check(L, v);
    return lower_load(L, want, v);
  }
  return v;
}

/* Calls method m on receiver value rv (already adjusted), with the current
 * wrapper's Go parameter values; returns through the wrapper's sig. */
static void call_method_and_return(Lower *L, Object *m, Type *through, LLVMValueRef rv, LLVMValueRef *params,
                                   uint32_t np) {
  Type *msig = m->type;
  Type *rt = msig->u.sig.recv ? msig->u.sig.recv->type : NULL;
  LLVMValueRef args[64];
  LLVMValueRef res[64];
  uint32_t nr = nresults(msig);
  if (!rt || types_is_interface(rt)) {
    /* interface method: rv is the interface value (of static type
       `through` when that is an interface: it may embed rt) */
    Type *it = through && types_is_interface(lower_subst(L, through)) ? lower_subst(L, through) : rt;
    TypeSet *ts = types_typeset(L->tc, types_underlying(it));
    uint32_t idx = 0;
    for (uint32_t i = 0; i < ts->nmethods; i++)
      if (strcmp(ts->methods[i]->name, m->name) == 0) idx = i;
    LLVMValueRef tab = LLVMBuildExtractValue(L->b, rv, 0, "");
    lower_nil_check(L, tab);
    LLVMValueRef slot =
        LLVMBuildGEP2(L->b, L->ptr, tab, (LLVMValueRef[]){LLVMConstInt(L->i64, 3 + idx, false)}, 1, "");
    LLVMValueRef code = LLVMBuildLoad2(L->b, L->ptr, slot, "");
    LowerSig s;
    lower_sig(L, msig, uptr(L), false, &s);
    args[0] = LLVMBuildExtractValue(L->b, rv, 1, "");
    for (uint32_t i = 0; i < np; i++)
      args[i + 1] = params[i];
    lower_emit_call(L, &s, code, NULL, args, np + 1, res);
  } else {
    LowerSig s;
    Type *isig, *irt;
    lower_method_sig(L, m, through, &isig, &irt);
    lower_sig(L, isig, irt, false, &s);
    args[0] = rv;
    for (uint32_t i = 0; i < np; i++)
      args[i + 1] = params[i];
    lower_emit_call(L, &s, lower_method_func(L, m, through), NULL, args, np + 1, res);
  }
  (void)nr;
  lower_emit_return(L, &L->fn->sig, res);
}

static const char *recv_symbol(Lower *L, Type *recv, const char *mname) {
  bool ptr = types_underlying(recv)->kind == TY_POINTER && recv->kind == TY_POINTER;
  Type *base = ptr ? recv->u.pointer.elem : recv;
  if (base->kind == TY_NAMED) {
    Object *tn = base->u.named.obj;
    const char *pp = tn->pkg ? tn->pkg->path : "";
    const char *name = tn->name;
    if (base->u.named.orig) {
      /* an instance: "List[int]", as generic.c names its methods */
      name = lower_instance_name(L, base);
    }
    if (ptr) return lower_strf(L, "%s.(*%s).%s", pp, name, mname);
    return lower_strf(L, "%s.%s.%s", pp, name, mname);
  }
  return lower_strf(L, "%s.%s", typedesc_link_string(L->td, recv), mname);
}

/* The wrapper `recv.M` whose receiver is a value of type recv (or, when
 * word is set, one pointer-shaped word pointing at a recv value).
 * TODO(lower): these wrappers do not call rog_panic_wrapper (abi.h
 * [panic]); recover() sees through them only because at -O1 and above
 * they tail-call or inline the method. At -O0, `defer i.M()` with a
 * value-receiver M that recovers does not recover, and at -O2 a method
 * inlined here that calls a recovering function recovers where gc's does
 * not. bound_wrapper's fix (panic_wrapper_entry + calls_noinline) costs
 * a runtime call and the inlining of every interface call through a
 * value receiver, so it is not applied here yet. */
static LLVMValueRef method_wrapper(Lower *L, Type *recv, Object *m, bool word) {
  recv = lower_subst(L, recv);
  LookupResult lr = types_lookup(L->tc, recv, false, m->pkg, m->name);
  if (!lr.obj) lr = types_lookup(L->tc, recv, true, m->pkg, m->name);
  Object *target = lr.obj ? lr.obj : m;
  Type *rt = target->type->u.sig.recv ? target->type->u.sig.recv->type : NULL;
  uint32_t npath = lr.nindex ? lr.nindex - 1 : 0;
  /* direct cases: no embedding and the receiver already fits */
  if (npath == 0 && rt && !types_is_interface(rt)) {
    bool rt_ptr = types_underlying(rt)->kind == TY_POINTER;
    bool recv_ptr = types_underlying(recv)->kind == TY_POINTER;
    if (rt_ptr == recv_ptr && !word) return lower_method_func(L, target, recv);
    if (rt_ptr && recv_ptr) return lower_method_func(L, target, recv);
  }
  Type *wrecv = word ? types_new_pointer(L->tc, recv) : recv;
  if (word && types_underlying(recv)->kind == TY_POINTER) wrecv = recv;
  const char *sym = recv_symbol(L, wrecv, m->name);
  LLVMValueRef f = LLVMGetNamedFunction(L->mod, sym);
  if (f && LLVMCountBasicBlocks(f) > 0) return f;
  Type *sig, *irt;
  lower_method_sig(L, target, lower_path_type(L, recv, lr.index, npath), &sig, &irt);
  if (irt) rt = irt; /* an instance's receiver type */
  LowerSig s;
  lower_sig(L, sig, wrecv, false, &s);
  if (!f) f = lower_declare(L, sym, &s);
  LLVMSetLinkage(f, LLVMLinkOnceODRLinkage);
  Saved sv;
  begin_fn(L, f, &s, sig, sym, &sv);
  L->subst = NULL; /* a wrapper for a concrete receiver type */
  uint32_t np = nparams(sig);
  LLVMValueRef *pv = calloc(np + 2, sizeof *pv);
  lower_bind_params(L, &s, f, pv, np + 1);
  LLVMValueRef rv = pv[0];
  Type *from = wrecv;
  if (word && wrecv != recv) {
    /* the word points at a recv value */
    from = recv;
    if (types_sizeof(recv) == 0)
      rv = lower_zero(L, recv);
    else
      rv = lower_load(L, recv, rv);
  }
  LLVMValueRef r = path_receiver(L, rv, from, lr.index, npath, rt ? rt : uptr(L));
  call_method_and_return(L, target, lower_path_type(L, from, lr.index, npath), r, pv + 1, np);
  free(pv);
  end_fn(L, &sv);
  return f;
}

LLVMValueRef lower_method_code(Lower *L, Type *recv, Object *m, bool ifn) {
  /* the itab word of a pointer-shaped type is the value itself; for
     other types it points at the value */
  if (ifn && !lower_pointer_shaped(recv)) return method_wrapper(L, recv, m, true);
  return method_wrapper(L, recv, m, false);
}

/* ---- method values and expressions ---------------------------------------------------- */

/* Code of the bound-method wrapper `sym-fm`: nest holds {code, recv}. */
static LLVMValueRef bound_wrapper(Lower *L, Object *m, Type *rtype, Type *et, Type *vsig) {
  const char *base = rtype && !types_is_interface(rtype)
                         ? recv_symbol(L, rtype, m->name)
                         : lower_strf(L, "%s.%s", typedesc_link_string(L->td, rtype), m->name);
  const char *sym = lower_strf(L, "%s-fm", base);
  LLVMValueRef f = LLVMGetNamedFunction(L->mod, sym);
  if (f && LLVMCountBasicBlocks(f) > 0) return f;
  LowerSig s;
  lower_sig(L, vsig, NULL, true, &s);
  if (!f) f = lower_declare(L, sym, &s);
  LLVMSetLinkage(f, LLVMLinkOnceODRLinkage);
  Saved sv;
  begin_fn(L, f, &s, vsig, sym, &sv);
  uint32_t np = nparams(vsig);
  LLVMValueRef *pv = calloc(np + 1, sizeof *pv);
  lower_bind_params(L, &s, f, pv, np);
  /* a wrapper in abi.h [panic]'s sense: `g := t.M; defer g()` recovers in
     M (its frame stays between the defer thunk and M: no tail call, M not
     inlined, see calls_noinline) */
  panic_wrapper_entry(L, f);
  LLVMValueRef rv = env_field(L, et, L->fn->nest, 1);
  call_method_and_return(L, m, rtype, rv, pv, np);
  calls_noinline(L, f);
  free(pv);
  end_fn(L, &sv);
  return f;
}

LLVMValueRef lower_method_value(Lower *L, SynNode *e, Selection *s) {
  Object *m = s->obj;
  Type *rt = m->type->u.sig.recv ? m->type->u.sig.recv->type : NULL;
  Type *vt = lower_tv_type(L, e);
  if (s->kind == SEL_METHOD_EXPR) {
    /* T.M: a function whose first parameter is the receiver */
    Type *recv = s->recv;
    if (rt && !types_is_interface(rt) && s->nindex == 1 &&
        (types_underlying(rt)->kind == TY_POINTER) == (types_underlying(recv)->kind == TY_POINTER))
      return lower_static_closure(L, lower_method_func(L, m, recv), false);
    if (types_is_interface(recv)) {
      /* I.M: wrapper taking the interface value */
      const char *sym = lower_strf(L, "%s.%s", typedesc_link_string(L->td, recv), m->name);
      LLVMValueRef f = LLVMGetNamedFunction(L->mod, sym);
      if (!f || LLVMCountBasicBlocks(f) == 0) {
        LowerSig ls;
        lower_sig(L, m->type, recv, false, &ls);
        if (!f) f = lower_declare(L, sym, &ls);
        LLVMSetLinkage(f, LLVMLinkOnceODRLinkage);
        Saved sv;
        begin_fn(L, f, &ls, m->type, sym, &sv);
        uint32_t np = nparams(m->type);
        LLVMValueRef *pv = calloc(np + 2, sizeof *pv);
        lower_bind_params(L, &ls, f, pv, np + 1);
        Object fake = *m;
        Type fsig = *m->type;
        Object frecv = {0};
        frecv.type = recv;
        fsig.u.sig.recv = &frecv;
        fake.type = &fsig;
        call_method_and_return(L, &fake, recv, pv[0], pv + 1, np);
        free(pv);
        end_fn(L, &sv);
      }
      return lower_static_closure(L, f, false);
    }
    return lower_static_closure(L, method_wrapper(L, recv, m, false), false);
  }
  /* method value: evaluate the receiver now */
  SynNode *x = e->u.selector.x;
  Type *xt = lower_tv_type(L, x);
  LLVMValueRef rv;
  Type *rtype;
  if (!rt || types_is_interface(rt)) {
    rtype = rt ? rt : xt;
    if (s->nindex > 1) {
      LValue lv = {0};
      (void)lv;
      /* embedded interface field: walk the path */
      LLVMValueRef v = lower_expr(L, x);
      rv = path_receiver(L, v, xt, s->index, s->nindex - 1, rtype);
    } else {
      rv = lower_expr(L, x);
      rtype = xt;
    }
    lower_nil_check(L, LLVMBuildExtractValue(L->b, rv, 0, ""));
  } else {
    rtype = rt;
    /* a method of an instance of a generic type: the instance's receiver */
    Type *thr = lower_path_type(L, xt, s->index, s->nindex - 1);
    Type *tb = thr && thr->kind == TY_POINTER ? thr->u.pointer.elem : thr;
    if (tb && tb->kind == TY_NAMED && tb->u.named.orig)
      rtype = rt->kind == TY_POINTER ? types_new_pointer(L->tc, tb) : tb;
    bool want_ptr = types_underlying(rt)->kind == TY_POINTER;
    if (want_ptr && types_underlying(xt)->kind != TY_POINTER && s->nindex == 1) {
      rv = lower_lvalue(L, x).addr;
    } else {
      LLVMValueRef v = lower_expr(L, x);
      rv = path_receiver(L, v, xt, s->index, s->nindex - 1, rt);
      if (types_underlying(xt)->kind == TY_POINTER && s->nindex == 1 && !want_ptr) {
        /* (*p).M with a value receiver: path_receiver loaded it */
      }
    }
  }
  Type *fts[2] = {uptr(L), rtype};
  Type *et = lower_env_type(L, fts, 2);
  LLVMValueRef code = bound_wrapper(L, m, rtype, et, vt);
  LLVMValueRef vals[2] = {code, rv};
  return make_env(L, et, vals, 2);
}

/* ---- go and defer ---------------------------------------------------------------------- */

/* The func value a call statement calls, with its Go signature. */
static LLVMValueRef callee_value(Lower *L, SynNode *fun, Type **sig) {
  *sig = types_underlying(lower_tv_type(L, fun));
  return lower_expr(L, fun);
}

/* Hands the closure env to the runtime: rog_defer_push or rog_go. */
static void defer_or_go(Lower *L, bool is_defer, LLVMValueRef env) {
  if (is_defer) {
    LLVMValueRef a[2] = {L->fn->defer_frame, env};
    lower_rt_call(L, "rog_defer_push", NULL, a, 2);
  } else {
    LLVMValueRef a[1] = {env};
    lower_rt_call(L, "rog_go", NULL, a, 1);
  }
}

void lower_go_defer(Lower *L, SynNode *s) {
  SynNode *call = unparen(s->u.call_stmt.call);
  bool is_defer = s->op == SYN_DEFER;
  SynNode *fun = unparen(call->u.call.fun);
  TypeAndValue *ftv = lower_tv(L, fun);
  if (ftv && ftv->mode == TV_BUILTIN) {
    /* defer/go of a builtin: wrap it in a closure body over the evaluated
       arguments. TODO(lower): builtins other than the common ones. */
    SynNode *bn = fun->kind == SYN_SELECTOR ? fun->u.selector.sel : fun;
    Object *b = lower_use(L, bn);
    uint32_t na = call->u.call.args.len;
    Type **fts = calloc(na + 2, sizeof *fts);
    LLVMValueRef *vals = calloc(na + 2, sizeof *vals);
    fts[0] = uptr(L);
    for (uint32_t i = 0; i < na; i++) {
      Type *t = lower_tv_type(L, call->u.call.args.items[i]);
      if (types_is_untyped(t)) t = types_default(L->tc, t);
      if (t->kind == TY_BASIC && t->basic == UNTYPED_NIL) t = uptr(L);
      if (b->builtin == BUILTIN_PANIC) t = types_universe_any(L->tc);
      fts[i + 1] = t;
      vals[i + 1] = lower_expr_to(L, call->u.call.args.items[i], t);
    }
    Type *et = lower_env_type(L, fts, na + 1);
    const char *sym =
        lower_strf(L, "%s.%s%d", L->fn->name, is_defer ? "deferwrap" : "gowrap", ++L->fn->nclosures);
    Type *vsig = types_new_signature(L->tc, NULL, types_new_tuple(L->tc, NULL, 0),
                                     types_new_tuple(L->tc, NULL, 0), false);
    LowerSig ls;
    lower_sig(L, vsig, NULL, true, &ls);
    LLVMValueRef f = lower_declare(L, sym, &ls);
    LLVMSetLinkage(f, LLVMInternalLinkage);
    Saved sv;
    begin_fn(L, f, &ls, vsig, sym, &sv);
    lower_bind_params(L, &ls, f, NULL, 0);
    LLVMValueRef *args = calloc(na + 1, sizeof *args);
    for (uint32_t i = 0; i < na; i++)
      args[i] = env_field(L, et, L->fn->nest, i + 1);
    switch (b->builtin) {
    case BUILTIN_PANIC: {
      LLVMValueRef a[2] = {LLVMBuildExtractValue(L->b, args[0], 0, ""),
                           LLVMBuildExtractValue(L->b, args[0], 1, "")};
      lower_rt_call(L, "rog_gopanic", NULL, a, 2);
      LLVMBuildUnreachable(L->b);
      break;
    }
    case BUILTIN_CLOSE:
      lower_rt_call(L, "rog_chan_close", NULL, args, 1);
      LLVMBuildRetVoid(L->b);
      break;
    case BUILTIN_COPY: {
      /* copy(dst, src) with both evaluated at the defer statement */
      Type *et = types_is_basic(fts[2], BI_STRING) ? types_basic(L->tc, UINT8)
                                                   : types_underlying(fts[2])->u.slice.elem;
      LLVMValueRef dn = LLVMBuildExtractValue(L->b, args[0], 1, ""),
                   sn = LLVMBuildExtractValue(L->b, args[1], 1, "");
      LLVMValueRef n = LLVMBuildSelect(L->b, LLVMBuildICmp(L->b, LLVMIntSLT, dn, sn, ""), dn, sn, "");
      LLVMValueRef bytes =
          LLVMBuildMul(L->b, n, LLVMConstInt(L->i64, (unsigned long long)types_sizeof(et), false), "");
      LLVMValueRef dp = LLVMBuildExtractValue(L->b, args[0], 0, ""),
                   sp = LLVMBuildExtractValue(L->b, args[1], 0, "");
      if (lower_has_pointers(et)) {
        LLVMValueRef a[4] = {dp, sp, bytes, lower_typedesc_of(L, et)};
        lower_rt_call(L, "rog_gcmemmove", NULL, a, 4);
      } else {
        LLVMBuildMemMove(L->b, dp, 1, sp, 1, bytes);
      }
      LLVMBuildRetVoid(L->b);
      break;
    }
    case BUILTIN_DELETE: {
      Type *mt = fts[1];
      Type *kt = types_underlying(mt)->u.map.key;
      LLVMValueRef kp = lower_entry_alloca(L, kt, "key");
      lower_store(L, kt, kp, lower_convert(L, args[1], fts[2], kt));
      lower_map_delete(L, mt, args[0], kp);
      LLVMBuildRetVoid(L->b);
      break;
    }
    case BUILTIN_PRINT:
    case BUILTIN_PRINTLN: {
      lower_print_values(L, args, fts + 1, na, b->builtin == BUILTIN_PRINTLN);
      LLVMBuildRetVoid(L->b);
      break;
    }
    default:
      /* recover() deferred directly recovers nothing (it is not called by
         a deferred function) */
      LLVMBuildRetVoid(L->b);
      break;
    }
    free(args);
    end_fn(L, &sv);
    vals[0] = f;
    LLVMValueRef env = is_defer ? defer_env(L, et, vals, na + 1) : make_env(L, et, vals, na + 1);
    free(fts);
    free(vals);
    defer_or_go(L, is_defer, env);
    return;
  }
  /* How the thunk calls: a static function or a method directly (so a
     recover() in it sees the deferring wrapper as its caller), an
     interface method through the itab, anything else as a func value. */
  enum { CALL_FUNC, CALL_METHOD, CALL_IFACE, CALL_VALUE } mode = CALL_VALUE;
  Type *sig = types_underlying(lower_tv_type(L, fun));
  Object *callee = NULL;
  Type *slot1 = uptr(L);
  Type *through = NULL;
  LLVMValueRef fv;
  Selection *sel = fun->kind == SYN_SELECTOR ? types_ptrmap_get(&L->info->selections, fun) : NULL;
  Object *fo = NULL;
  if (fun->kind == SYN_NAME) fo = lower_use(L, fun);
  if (fun->kind == SYN_SELECTOR && !sel) fo = lower_use(L, fun->u.selector.sel);
  if (fo && fo->kind == OBJ_FUNC && !fo->type->u.sig.ntparams) {
    mode = CALL_FUNC;
    callee = fo;
    fv = LLVMConstNull(L->ptr);
  } else if (sel && sel->kind == SEL_METHOD_VAL && !sel->obj->type->u.sig.nrtparams) {
    callee = sel->obj;
    Type *rt = callee->type->u.sig.recv ? callee->type->u.sig.recv->type : NULL;
    if (rt && !types_is_interface(rt)) {
      mode = CALL_METHOD;
      slot1 = rt;
      through = lower_path_type(L, lower_tv_type(L, fun->u.selector.x), sel->index, sel->nindex - 1);
      fv = lower_method_receiver(L, fun->u.selector.x, sel, rt);
    } else if (sel->nindex == 1) {
      mode = CALL_IFACE;
      slot1 = lower_tv_type(L, fun->u.selector.x);
      fv = lower_expr(L, fun->u.selector.x);
      /* the method value is evaluated now: a nil interface panics here */
      lower_nil_check(L, LLVMBuildExtractValue(L->b, fv, 0, ""));
    } else {
      fv = callee_value(L, fun, &sig);
    }
  } else {
    if (is_defer && fun->kind == SYN_FUNC_LIT && defer_on_stack(L)) L->fn->lit_on_stack = true;
    fv = callee_value(L, fun, &sig);
  }
  uint32_t np = nparams(sig);
  LLVMValueRef args[64];
  unsigned n = lower_eval_args(L, call, sig, args);
  Type **fts = calloc(np + 3, sizeof *fts);
  LLVMValueRef *vals = calloc(np + 3, sizeof *vals);
  fts[0] = uptr(L);
  fts[1] = slot1;
  vals[1] = fv;
  for (uint32_t i = 0; i < np && i < n; i++) {
    fts[i + 2] = sig->u.sig.params->u.tuple.vars[i]->type;
    vals[i + 2] = args[i];
  }
  Type *et = lower_env_type(L, fts, np + 2);
  const char *sym =
      lower_strf(L, "%s.%s%d", L->fn->name, is_defer ? "deferwrap" : "gowrap", ++L->fn->nclosures);
  Type *vsig = types_new_signature(L->tc, NULL, types_new_tuple(L->tc, NULL, 0),
                                   types_new_tuple(L->tc, NULL, 0), false);
  LowerSig ls;
  lower_sig(L, vsig, NULL, true, &ls);
  LLVMValueRef f = lower_declare(L, sym, &ls);
  LLVMSetLinkage(f, LLVMInternalLinkage);
  Saved sv;
  begin_fn(L, f, &ls, vsig, sym, &sv);
  lower_bind_params(L, &ls, f, NULL, 0);
  if (is_defer) panic_wrapper_entry(L, f);
  LLVMValueRef cfv = env_field(L, et, L->fn->nest, 1);
  LLVMValueRef cargs[65];
  for (uint32_t i = 0; i < np; i++)
    cargs[i + 1] = env_field(L, et, L->fn->nest, i + 2);
  LowerSig cs;
  switch (mode) {
  case CALL_FUNC:
    lower_sig(L, callee->type, NULL, false, &cs);
    lower_emit_call(L, &cs, lower_func_value(L, callee), NULL, cargs + 1, np, NULL);
    break;
  case CALL_METHOD:
    lower_sig(L, callee->type, slot1, false, &cs);
    cargs[0] = cfv;
    lower_emit_call(L, &cs, lower_method_func(L, callee, through), NULL, cargs, np + 1, NULL);
    break;
  case CALL_IFACE:
    lower_iface_method_call(L, cfv, slot1, callee, cargs + 1, np, NULL);
    break;
  default: {
    lower_nil_check(L, cfv);
    LLVMValueRef code = LLVMBuildLoad2(L->b, L->ptr, cfv, "");
    lower_sig(L, sig, NULL, true, &cs);
    lower_emit_call(L, &cs, code, cfv, cargs + 1, np, NULL);
    break;
  }
  }
  LLVMBuildRetVoid(L->b);
  if (is_defer) calls_noinline(L, f);
  end_fn(L, &sv);
  vals[0] = f;
  LLVMValueRef env = is_defer ? defer_env(L, et, vals, np + 2) : make_env(L, et, vals, np + 2);
  free(fts);
  free(vals);
  defer_or_go(L, is_defer, env);
}
