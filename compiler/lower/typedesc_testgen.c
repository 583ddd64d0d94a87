/*
 * typedesc_testgen.c: test tool for typedesc.c (not part of rog).
 *
 *   typedesc_testgen IN.go OUT.o [OUT.ll]
 *
 * Type-checks IN.go (package main, no imports) and emits, through the
 * TypeDescEmitter, the descriptors of the element types of the package
 * variable `probes` (a []any literal) and the itabs of every package
 * variable `itab*` declared with an interface type and initialized with a
 * concrete value. The object defines
 *   rog_test_probes / rog_test_nprobes   descriptor pointers, in order
 *   rog_test_itabs / rog_test_nitabs     itab pointers, in order
 * and, for every method entry, a stub function under the symbol the lower
 * core will give the method (`main.T.M`, `main.(*T).M`) that returns its
 * own name as a C string, so the test can check which code each ifn/tfn
 * and itab slot points at. typedesc_test.cc links the object with the
 * runtime's iface and alg code and reads everything back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/Core.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>

#include "compiler/lower/typedesc.h"
#include "compiler/syntax/syntax.h"
#include "compiler/types/types.h"

static int nerrors;

static void on_syn(void *ctx, const SynError *e) {
  (void)ctx;
  fprintf(stderr, "%s:%u:%u: %s\n", e->filename, e->line, e->col, e->msg);
  nerrors++;
}

static void on_type(void *ctx, const TypesDiag *d) {
  (void)ctx;
  fprintf(stderr, "%s:%u:%u: %s\n", d->filename, d->line, d->col, d->msg);
  nerrors++;
}

typedef struct Gen {
  LLVMModuleRef m;
  LLVMContextRef ctx;
  TypeDescEmitter *td;
} Gen;

static bool pointer_shaped(Type *t) {
  Type *u = types_underlying(t);
  return u->kind == TY_POINTER || u->kind == TY_MAP || u->kind == TY_CHAN || u->kind == TY_SIGNATURE;
}

/* The resolver: a stub named like lower's method symbols. */
static LLVMValueRef resolve(void *vg, Type *recv, Object *m, bool ifn) {
  Gen *g = vg;
  bool ptr = recv->kind == TY_POINTER;
  Type *base = ptr ? recv->u.pointer.elem : recv;
  if (base->kind != TY_NAMED) return NULL;
  char name[512];
  bool star = ptr || (ifn && !pointer_shaped(base));
  snprintf(name, sizeof name, "%s.%s%s%s.%s", base->u.named.obj->pkg->path, star ? "(*" : "",
           base->u.named.obj->name, star ? ")" : "", m->name);
  LLVMValueRef f = LLVMGetNamedFunction(g->m, name);
  if (f) return f;
  LLVMTypeRef ptrt = LLVMPointerTypeInContext(g->ctx, 0);
  f = LLVMAddFunction(g->m, name, LLVMFunctionType(ptrt, NULL, 0, false));
  LLVMBuilderRef b = LLVMCreateBuilderInContext(g->ctx);
  LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(g->ctx, f, "entry"));
  LLVMBuildRet(b, LLVMBuildGlobalStringPtr(b, name, ""));
  LLVMDisposeBuilder(b);
  return f;
}

static void table(Gen *g, const char *name, LLVMValueRef *v, unsigned n) {
  LLVMTypeRef ptrt = LLVMPointerTypeInContext(g->ctx, 0);
  LLVMValueRef arr = LLVMConstArray2(ptrt, v, n);
  LLVMValueRef gv = LLVMAddGlobal(g->m, LLVMTypeOf(arr), name);
  LLVMSetInitializer(gv, arr);
  char cnt[64];
  snprintf(cnt, sizeof cnt, "%s_n", name);
  LLVMTypeRef i64 = LLVMInt64TypeInContext(g->ctx);
  LLVMValueRef c = LLVMAddGlobal(g->m, i64, cnt);
  LLVMSetInitializer(c, LLVMConstInt(i64, n, false));
}

static Type *type_of(TypesInfo *info, SynNode *n) {
  TypeAndValue *tv = types_ptrmap_get(&info->types, n);
  return tv ? tv->type : NULL;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: typedesc_testgen IN.go OUT.o [OUT.ll]\n");
    return 2;
  }
  FILE *fp = fopen(argv[1], "rb");
  if (!fp) {
    perror(argv[1]);
    return 1;
  }
  static char src[1 << 20];
  size_t len = fread(src, 1, sizeof src, fp);
  fclose(fp);
  SynArena *a = syn_arena_new();
  SynFile *f = syn_parse_file(a, argv[1], src, len, on_syn, NULL);
  if (nerrors) return 1;
  TypesCtx *tc = types_ctx_new();
  TypesConfig cfg = {0};
  cfg.error = on_type;
  TypesInfo info = {0};
  int n = 0;
  TypesPackage *pkg = types_check_package(tc, &cfg, "main", &f, 1, &info, &n);
  if (nerrors || n) return 1;

  LLVMInitializeX86TargetInfo();
  LLVMInitializeX86Target();
  LLVMInitializeX86TargetMC();
  LLVMInitializeX86AsmPrinter();
  LLVMInitializeX86AsmParser();
  Gen g;
  g.ctx = LLVMContextCreate();
  g.m = LLVMModuleCreateWithNameInContext("typedesc_test", g.ctx);
  char *triple = LLVMGetDefaultTargetTriple();
  LLVMTargetRef target;
  char *err = NULL;
  if (LLVMGetTargetFromTriple(triple, &target, &err)) {
    fprintf(stderr, "%s\n", err);
    return 1;
  }
  LLVMTargetMachineRef tm = LLVMCreateTargetMachine(target, triple, "generic", "", LLVMCodeGenLevelDefault,
                                                    LLVMRelocPIC, LLVMCodeModelDefault);
  LLVMSetTarget(g.m, triple);
  LLVMTargetDataRef td = LLVMCreateTargetDataLayout(tm);
  char *dl = LLVMCopyStringRepOfTargetData(td);
  LLVMSetDataLayout(g.m, dl);
  g.td = typedesc_new(g.m, tc, pkg);
  typedesc_set_method_resolver(g.td, resolve, &g);

  LLVMValueRef probes[256], itabs[64];
  unsigned np = 0, ni = 0;
  for (uint32_t i = 0; i < f->decls.len; i++) {
    SynNode *d = f->decls.items[i];
    if (d->kind != SYN_VAR_DECL || d->u.var_decl.names.len != 1 || !d->u.var_decl.values) continue;
    SynNode *name = d->u.var_decl.names.items[0];
    SynNode *val = d->u.var_decl.values;
    if (name->u.name.value.len == 6 && memcmp(name->u.name.value.ptr, "probes", 6) == 0 &&
        val->kind == SYN_COMPOSITE_LIT) {
      for (uint32_t k = 0; k < val->u.composite.elems.len && np < 256; k++) {
        Type *t = type_of(&info, val->u.composite.elems.items[k]);
        probes[np++] = typedesc_get(g.td, t);
        Type *u = types_underlying(t);
        if (u->kind == TY_POINTER && types_is_interface(u->u.pointer.elem) && np < 256)
          probes[np++] = typedesc_get(g.td, u->u.pointer.elem);
      }
    } else if (name->u.name.value.len > 4 && memcmp(name->u.name.value.ptr, "itab", 4) == 0 &&
               d->u.var_decl.type && ni < 64) {
      Type *it = type_of(&info, d->u.var_decl.type);
      Type *ct = type_of(&info, val);
      itabs[ni++] = typedesc_itab(g.td, ct, it);
    }
  }
  table(&g, "rog_test_probes", probes, np);
  table(&g, "rog_test_itabs", itabs, ni);
  if (LLVMVerifyModule(g.m, LLVMPrintMessageAction, NULL)) return 1;
  if (argc > 3 && LLVMPrintModuleToFile(g.m, argv[3], &err)) {
    fprintf(stderr, "%s\n", err);
    return 1;
  }
  if (LLVMTargetMachineEmitToFile(tm, g.m, argv[2], LLVMObjectFile, &err)) {
    fprintf(stderr, "%s\n", err);
    return 1;
  }
  typedesc_free(g.td);
  LLVMDisposeMessage(dl);
  LLVMDisposeTargetData(td);
  LLVMDisposeModule(g.m);
  LLVMDisposeTargetMachine(tm);
  LLVMContextDispose(g.ctx);
  LLVMDisposeMessage(triple);
  types_ctx_free(tc);
  syn_arena_free(a);
  return 0;
}
