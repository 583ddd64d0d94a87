/*
 * util.c: what rog's passes share: configuration, remarks, attributes,
 * branch weights, the alwaysinline helper functions, pointer stripping, and
 * the driver that runs the passes followed by LLVM's always-inline pass.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Transforms/PassBuilder.h>

#include "compiler/passes/internal.h"
#include "rog/abi.h"

RogPassConfig rog_pass_config_default(void) {
  RogPassConfig c = {0};
  c.enabled = ROG_PASS_ALL;
  c.h2s_max_object = 64 * 1024;
  c.h2s_max_function = 128 * 1024;
  return c;
}

static const struct {
  const char *name;
  unsigned bit;
} pass_names[] = {
    {"h2s", ROG_PASS_H2S},     {"wb", ROG_PASS_WB},     {"preempt", ROG_PASS_PREEMPT},
    {"stack", ROG_PASS_STACK}, {"spec", ROG_PASS_SPEC}, {"all", ROG_PASS_ALL},
};

int rog_pass_parse_list(const char *list, unsigned *bits, const char **bad, size_t *bad_len) {
  *bits = 0;
  const char *p = list;
  while (*p) {
    size_t n = strcspn(p, ",");
    bool found = false;
    for (size_t i = 0; i < sizeof pass_names / sizeof pass_names[0]; i++) {
      if (strlen(pass_names[i].name) == n && strncmp(p, pass_names[i].name, n) == 0) {
        *bits |= pass_names[i].bit;
        found = true;
      }
    }
    if (!found && n > 0) {
      *bad = p;
      *bad_len = n;
      return -1;
    }
    p += n;
    if (*p == ',') p++;
  }
  return 0;
}

void pass_remark(const RogPassConfig *cfg, unsigned bit, const char *pass, LLVMValueRef fn, LLVMValueRef at,
                 const char *fmt, ...) {
  if (!(cfg->remarks & bit)) return;
  FILE *out = cfg->remark_out ? cfg->remark_out : stderr;
  unsigned flen = 0;
  const char *file = at ? LLVMGetDebugLocFilename(at, &flen) : NULL;
  unsigned line = file ? LLVMGetDebugLocLine(at) : 0;
  if (file && flen > 0 && line > 0) {
    fprintf(out, "%.*s:%u:%u: %s: ", (int)flen, file, line, LLVMGetDebugLocColumn(at), pass);
  } else {
    size_t n;
    const char *name = LLVMGetValueName2(fn, &n);
    fprintf(out, "%.*s: %s: ", (int)n, name, pass);
  }
  va_list ap;
  va_start(ap, fmt);
  vfprintf(out, fmt, ap);
  va_end(ap);
  fputc('\n', out);
}

void pass_copy_debug_loc(LLVMValueRef from, LLVMValueRef to) {
  LLVMMetadataRef dl = LLVMInstructionGetDebugLoc(from);
  if (dl) LLVMInstructionSetDebugLoc(to, dl);
}

void pass_set_unlikely(LLVMValueRef br) {
  LLVMContextRef ctx = LLVMGetTypeContext(LLVMTypeOf(br));
  LLVMTypeRef i32 = LLVMInt32TypeInContext(ctx);
  LLVMMetadataRef ops[3] = {
      LLVMMDStringInContext2(ctx, "branch_weights", 14),
      LLVMValueAsMetadata(LLVMConstInt(i32, 1, 0)),
      LLVMValueAsMetadata(LLVMConstInt(i32, 2000, 0)),
  };
  LLVMMetadataRef node = LLVMMDNodeInContext2(ctx, ops, 3);
  LLVMSetMetadata(br, LLVMGetMDKindIDInContext(ctx, "prof", 4), LLVMMetadataAsValue(ctx, node));
}

void pass_add_fn_attr(LLVMValueRef fn, const char *name) {
  LLVMContextRef ctx = LLVMGetTypeContext(LLVMTypeOf(fn));
  unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
  LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(ctx, kind, 0));
}

LLVMValueRef pass_get_or_declare(LLVMModuleRef m, const char *name, LLVMTypeRef type) {
  LLVMValueRef f = LLVMGetNamedFunction(m, name);
  return f ? f : LLVMAddFunction(m, name, type);
}

bool pass_skip_function(LLVMValueRef fn, const char *attr) {
  if (LLVMIsDeclaration(fn)) return true;
  size_t n;
  const char *name = LLVMGetValueName2(fn, &n);
  if (n >= 4 && strncmp(name, "rog.", 4) == 0) return true;
  if (attr && LLVMGetStringAttributeAtIndex(fn, LLVMAttributeFunctionIndex, attr, strlen(attr))) return true;
  return false;
}

LLVMValueRef pass_new_helper(LLVMModuleRef m, const char *name, LLVMTypeRef type, LLVMBasicBlockRef *entry) {
  if (LLVMGetNamedFunction(m, name)) return NULL;
  LLVMValueRef f = LLVMAddFunction(m, name, type);
  LLVMSetLinkage(f, LLVMInternalLinkage);
  pass_add_fn_attr(f, "alwaysinline");
  pass_add_fn_attr(f, "nounwind");
  *entry = LLVMAppendBasicBlockInContext(LLVMGetModuleContext(m), f, "entry");
  return f;
}

LLVMValueRef pass_tls_block(LLVMModuleRef m) {
  LLVMValueRef g = LLVMGetNamedGlobal(m, "rog_tls");
  if (g) return g;
  LLVMContextRef ctx = LLVMGetModuleContext(m);
  g = LLVMAddGlobal(m, LLVMArrayType2(LLVMInt8TypeInContext(ctx), sizeof(rog_tls_block)), "rog_tls");
  LLVMSetThreadLocal(g, 1);
  LLVMSetThreadLocalMode(g, LLVMInitialExecTLSModel);
  LLVMSetAlignment(g, 8);
  return g;
}

LLVMValueRef pass_strip_pointer(LLVMValueRef p) {
  for (;;) {
    if (LLVMIsAGetElementPtrInst(p) || LLVMIsABitCastInst(p) || LLVMIsAAddrSpaceCastInst(p)) {
      p = LLVMGetOperand(p, 0);
      continue;
    }
    if (LLVMIsAConstantExpr(p)) {
      LLVMOpcode op = LLVMGetConstOpcode(p);
      if (op == LLVMGetElementPtr || op == LLVMBitCast || op == LLVMAddrSpaceCast) {
        p = LLVMGetOperand(p, 0);
        continue;
      }
    }
    return p;
  }
}

LLVMValueRef pass_entry_insert_point(LLVMValueRef fn) {
  LLVMValueRef i = LLVMGetFirstInstruction(LLVMGetEntryBasicBlock(fn));
  while (i && LLVMIsAAllocaInst(i))
    i = LLVMGetNextInstruction(i);
  return i;
}

bool pass_is_call_to(LLVMValueRef inst, const char *name) {
  if (!LLVMIsACallInst(inst)) return false;
  LLVMValueRef callee = LLVMGetCalledValue(inst);
  if (!LLVMIsAFunction(callee)) return false;
  size_t n;
  const char *cn = LLVMGetValueName2(callee, &n);
  return strlen(name) == n && memcmp(cn, name, n) == 0;
}

int pass_collect_calls(LLVMModuleRef m, const char *name, LLVMValueRef **out) {
  /* Walk the module in order (not the callee's use list, which is in
   * reverse) so rewrites and remarks follow the source. */
  LLVMValueRef callee = LLVMGetNamedFunction(m, name);
  *out = NULL;
  if (!callee) return 0;
  int n = 0, cap = 0;
  for (LLVMValueRef fn = LLVMGetFirstFunction(m); fn; fn = LLVMGetNextFunction(fn)) {
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
      for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
        if (!LLVMIsACallInst(i) || LLVMGetCalledValue(i) != callee) continue;
        if (n == cap) *out = realloc(*out, (cap = cap ? 2 * cap : 16) * sizeof **out);
        (*out)[n++] = i;
      }
    }
  }
  return n;
}

void pass_move_to_builder(LLVMBuilderRef b, LLVMValueRef inst) {
  size_t n;
  const char *name = LLVMGetValueName2(inst, &n);
  char *saved = strndup(name, n); /* inserting through a builder renames */
  LLVMInstructionRemoveFromParent(inst);
  LLVMInsertIntoBuilderWithName(b, inst, saved);
  free(saved);
}

void pass_hoist_entry_allocas(LLVMValueRef fn) {
  if (LLVMIsDeclaration(fn)) return;
  LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(fn);
  LLVMValueRef first = LLVMGetFirstInstruction(entry);
  while (first && LLVMIsAAllocaInst(first))
    first = LLVMGetNextInstruction(first);
  if (!first) return;
  LLVMBuilderRef b = LLVMCreateBuilderInContext(LLVMGetModuleContext(LLVMGetGlobalParent(fn)));
  for (LLVMValueRef i = LLVMGetNextInstruction(first); i;) {
    LLVMValueRef next = LLVMGetNextInstruction(i);
    if (LLVMIsAAllocaInst(i) && LLVMIsAConstantInt(LLVMGetOperand(i, 0))) {
      LLVMPositionBuilderBefore(b, first);
      pass_move_to_builder(b, i);
    }
    i = next;
  }
  LLVMDisposeBuilder(b);
}

int rog_passes_run(LLVMModuleRef m, const RogPassConfig *cfg, char **err) {
  for (LLVMValueRef fn = LLVMGetFirstFunction(m); fn; fn = LLVMGetNextFunction(fn))
    pass_hoist_entry_allocas(fn);
  if (cfg->enabled & ROG_PASS_H2S) rog_pass_h2s(m, cfg);
  if (cfg->enabled & ROG_PASS_WB) rog_pass_wb(m, cfg);
  if (cfg->enabled & ROG_PASS_PREEMPT) rog_pass_preempt(m, cfg);
  LLVMPassBuilderOptionsRef opts = LLVMCreatePassBuilderOptions();
  LLVMErrorRef e = LLVMRunPasses(m, "always-inline", NULL, opts);
  LLVMDisposePassBuilderOptions(opts);
  if (e) {
    *err = LLVMGetErrorMessage(e);
    return -1;
  }
  if (cfg->enabled & ROG_PASS_STACK) rog_pass_stack(m, cfg);
  return 0;
}

static size_t ptr_hash(const void *p, size_t cap) {
  uint64_t x = (uint64_t)(uintptr_t)p;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return (size_t)x & (cap - 1);
}

void ptrmap_init(PtrMap *m, size_t n) {
  size_t cap = 16;
  while (cap < 2 * n)
    cap *= 2;
  m->cap = cap;
  m->keys = calloc(cap, sizeof *m->keys);
  m->vals = malloc(cap * sizeof *m->vals);
}

void ptrmap_free(PtrMap *m) {
  free(m->keys);
  free(m->vals);
}

void ptrmap_put(PtrMap *m, const void *key, int val) {
  size_t i = ptr_hash(key, m->cap);
  while (m->keys[i] && m->keys[i] != key)
    i = (i + 1) & (m->cap - 1);
  m->keys[i] = key;
  m->vals[i] = val;
}

int ptrmap_get(const PtrMap *m, const void *key) {
  size_t i = ptr_hash(key, m->cap);
  while (m->keys[i]) {
    if (m->keys[i] == key) return m->vals[i];
    i = (i + 1) & (m->cap - 1);
  }
  return -1;
}
