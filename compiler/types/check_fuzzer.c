/*
 * check_fuzzer.c: libFuzzer target: any byte string is parsed and, if it
 * parses without syntax errors, type-checked (imports fail: no importer,
 * so the fuzzer explores the checker, not the standard library). The
 * property is "no crash, no leak, no sanitizer report".
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "compiler/syntax/syntax.h"
#include "compiler/types/types.h"

static void count_syn(void *ctx, const SynError *e) {
  (void)e;
  ++*(int *)ctx;
}

static void ignore(void *ctx, const TypesDiag *d) {
  (void)ctx;
  (void)d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  SynArena *a = syn_arena_new();
  int nsyn = 0;
  SynFile *f = syn_parse_file(a, "fuzz.go", (const char *)data, size, count_syn, &nsyn);
  if (nsyn == 0) {
    TypesCtx *tc = types_ctx_new();
    TypesConfig cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.error = ignore;
    int nerr = 0;
    TypesInfo info;
    memset(&info, 0, sizeof info);
    types_check_package(tc, &cfg, "p", &f, 1, &info, &nerr);
    types_ctx_free(tc);
  }
  syn_arena_free(a);
  return 0;
}
