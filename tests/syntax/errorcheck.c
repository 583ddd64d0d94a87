/*
 * errorcheck.c: the `// errorcheck` tests of Go's test/syntax directory,
 * run against rog's parser.
 *
 *   errorcheck FILE...
 *
 * For each file whose first line is "// errorcheck", every line carrying an
 * `// ERROR "regexp"` comment must receive at least one diagnostic from
 * syn_parse_file on that line (after //line resolution). The regexps
 * themselves are printed next to rog's message for comparison but not
 * matched (rog words its messages like gc, but the acceptance criterion is
 * the line). Files without an errorcheck header are skipped. Exit 1 if any
 * ERROR line got no diagnostic.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/syntax/syntax.h"

#define MAXL 100000


static unsigned char *hits;
static int verbose;

static void on_error(void *ctx, const SynError *e)
{
    (void)ctx;
    if (e->line < MAXL)
        hits[e->line] = 1;
    if (verbose)
        printf("    rog: %s:%u:%u: %s\n", e->filename, e->line, e->col, e->msg);
}

int main(int argc, char **argv)
{
    int failed = 0, files = 0, checked = 0;
    hits = calloc(MAXL, 1);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0) {
            verbose = 1;
            continue;
        }
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 2;
        }
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        char *buf = malloc((size_t)n + 1);
        if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
            fprintf(stderr, "cannot read %s\n", argv[i]);
            return 2;
        }
        fclose(f);
        buf[n] = 0;
        if (strncmp(buf, "// errorcheck", 13) != 0) {
            free(buf);
            continue;
        }
        files++;
        memset(hits, 0, MAXL);
        if (verbose)
            printf("%s\n", argv[i]);
        SynArena *a = syn_arena_new();
        syn_parse_file(a, argv[i], buf, (size_t)n, on_error, NULL);
        syn_arena_free(a);
        unsigned line = 1;
        for (char *p = buf; *p;) {
            char *eol = strchr(p, '\n');
            size_t len = eol ? (size_t)(eol - p) : strlen(p);
            char *err = memmem(p, len, "// ERROR", 8);
            if (err) {
                checked++;
                if (line >= MAXL || !hits[line]) {
                    printf("FAIL %s:%u: no error reported; want %.*s\n", argv[i], line,
                           (int)(len - (size_t)(err - p)), err);
                    failed++;
                }
            }
            if (!eol)
                break;
            p = eol + 1;
            line++;
        }
        free(buf);
    }
    printf("errorcheck: %d files, %d ERROR lines, %d without a diagnostic\n", files, checked, failed);
    return failed ? 1 : 0;
}
