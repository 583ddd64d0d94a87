/*
 * parse_fuzzer.c: libFuzzer target for the scanner, parser and dumper.
 *
 * Each input is parsed as one Go file into a fresh arena (errors go to a
 * counting sink), the AST is dumped to /dev/null (walking every node the
 * parser built, so dangling or uninitialized fields show up under ASan),
 * and the arena is freed (leaks show up under LeakSanitizer). Seed it with
 * Go sources, e.g.:
 *   parse_fuzzer -max_len=65536 CORPUS_DIR /usr/share/go-1.19/src/go/parser
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "compiler/syntax/syntax.h"

static void count(void *ctx, const SynError *e) {
  (void)e;
  (*(unsigned *)ctx)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static FILE *devnull;
  if (!devnull) devnull = fopen("/dev/null", "w");
  unsigned nerr = 0;
  SynArena *a = syn_arena_new();
  SynFile *f = syn_parse_file(a, "fuzz.go", (const char *)data, size, count, &nerr);
  if (devnull) syn_dump_file(devnull, f);
  if (f->nerrors != nerr) __builtin_trap(); /* every error counted in the file reached the sink */
  syn_arena_free(a);
  return 0;
}
