/*
 * mathintr.c: package math's bodyless arch* functions.
 *
 * On amd64 and arm64, gc's math package routes Sqrt, Floor, Ceil, Trunc,
 * Max, Min, Exp, Exp2, Log, Hypot and Modf to assembly (`archSqrt`, ...,
 * declared without a body in math/*_asm.go, with `haveArchX = true`).
 * rog compiles no assembly (DESIGN.md §6) and keeps upstream's files
 * unmodified, so a call to one of them is lowered here:
 *
 *   - operations IEEE 754 defines exactly become LLVM intrinsics, which
 *     are single instructions on both architectures and bit-identical to
 *     gc's assembly: archSqrt -> llvm.sqrt, archFloor/Ceil/Trunc ->
 *     llvm.floor/ceil/trunc;
 *   - the rest (archExp, archExp2, archLog, archHypot, archModf, archMax,
 *     archMin) become calls of math's own pure-Go versions (exp, exp2,
 *     log, hypot, modf, max, min: what gc uses on architectures without
 *     the assembly), so rog's results are Go's portable results, never a
 *     libm's. (llvm.maximum/minimum were tried for Max/Min and rejected:
 *     Go's Min(-Inf, NaN) is -Inf, IEEE minimum's is NaN.)
 *
 * Only calls are handled (math never takes these functions as values).
 * Matching is by name in package math: on architectures where a name is
 * a panicking Go stub guarded by haveArchX = false (archExp2 on amd64),
 * the call is unreachable, and the replacement is still right.
 * Rejected: build tags that select math's *_noasm.go files. The loader
 * would have to lie about GOARCH for one package, and the exact
 * operations would then run as slow Go code instead of one instruction.
 */
#include <string.h>

#include "compiler/lower/internal.h"

/* LLVM intrinsic name for an exact op, or NULL. */
static const char *exact_intrinsic(const char *name, unsigned *nargs) {
  static const struct {
    const char *go, *llvm;
    unsigned nargs;
  } tab[] = {{"archSqrt", "llvm.sqrt", 1},
             {"archFloor", "llvm.floor", 1},
             {"archCeil", "llvm.ceil", 1},
             {"archTrunc", "llvm.trunc", 1}};
  for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
    if (strcmp(name, tab[i].go) == 0) {
      *nargs = tab[i].nargs;
      return tab[i].llvm;
    }
  return NULL;
}

/* The pure-Go function of package math an approximation maps to, or NULL. */
static const char *portable_func(const char *name) {
  static const struct {
    const char *arch, *go;
  } tab[] = {{"archExp", "exp"},   {"archExp2", "exp2"}, {"archLog", "log"}, {"archHypot", "hypot"},
             {"archModf", "modf"}, {"archMax", "max"},   {"archMin", "min"}};
  for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
    if (strcmp(name, tab[i].arch) == 0) return tab[i].go;
  return NULL;
}

bool lower_math_call(Lower *L, Object *fo, LLVMValueRef *args, unsigned nargs, LLVMValueRef *res) {
  if (!fo || fo->kind != OBJ_FUNC || !fo->pkg || strcmp(fo->pkg->path, "math") != 0) return false;
  unsigned want;
  const char *intr = exact_intrinsic(fo->name, &want);
  if (intr) {
    if (nargs != want) return false;
    LLVMTypeRef tys[1] = {L->f64};
    unsigned id = LLVMLookupIntrinsicID(intr, strlen(intr));
    LLVMValueRef fn = LLVMGetIntrinsicDeclaration(L->mod, id, tys, 1);
    res[0] = LLVMBuildCall2(L->b, LLVMGlobalGetValueType(fn), fn, args, nargs, "");
    return true;
  }
  const char *go = portable_func(fo->name);
  if (!go || !fo->pkg->scope) return false;
  Object *impl = types_scope_lookup_local(fo->pkg->scope, go);
  if (!impl || impl->kind != OBJ_FUNC || !impl->type || impl->type->kind != TY_SIGNATURE) return false;
  LowerSig s;
  lower_sig(L, impl->type, NULL, false, &s);
  lower_emit_call(L, &s, lower_func_value(L, impl), NULL, args, nargs, res);
  return true;
}
