/*
 * fuzz_replay_main.c: runs a libFuzzer target's LLVMFuzzerTestOneInput over
 * the files named on the command line (inputs that once crashed it, and
 * seeds), so they are regression tests in every configuration (plain,
 * ASan, UBSan) without libFuzzer. Exit status 0 means no input crashed.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "rb");
    if (!f) {
      fprintf(stderr, "cannot open %s\n", argv[i]);
      return 1;
    }
    size_t cap = 1 << 16, n = 0, r;
    uint8_t *buf = malloc(cap);
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
      n += r;
      if (n == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf) return 1;
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    printf("ok %s\n", argv[i]);
  }
  return 0;
}
