/*
 * tool_compile.c: `rog tool compile [-e] [-stop-after=parse] [-d=ast] FILE...`
 *
 * Parses every file (one arena per file, freed after the file is done
 * unless -d=ast printed it) and reports errors the way gc does:
 *   - "file:line:col: message" (no column when a //line directive made it
 *     unknown), on stderr;
 *   - only the first syntax error per line is shown (gc's base.ErrorfAt);
 *   - after 10 errors, "file:line:col: too many errors" and exit, unless -e;
 *   - exit status 2 on any error (gc's base.ErrorExit), 0 otherwise.
 * Errors are printed in the order found; within one file that is source
 * order, which is the order gc's sorted flush produces for syntax errors.
 * Later phases (type checking, code generation) do not exist yet: without
 * -stop-after=parse the tool says so and exits 2.
 * Flags gc accepts that only matter to later phases (-p, -o, -importcfg,
 * -trimpath, -lang, -pack, -complete, -std) are accepted and ignored.
 * gc's compile binary prints its errors on stdout; rog uses stderr, as the
 * driver's other commands do. The exit status (2) matches gc's.
 * driver_tool_compile (driver.h) is the entry main.c dispatches to.
 */
#include "compiler/driver/tool_compile.h"

#include "compiler/driver/driver.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/syntax/syntax.h"

typedef struct Diag {
    int nerrors;
    bool all_errors; /* -e */
    bool stop;       /* hit the limit */
    char last_file[512];
    uint32_t last_line;
} Diag;

static void report(void *ctx, const SynError *e)
{
    Diag *d = ctx;
    if (d->stop)
        return;
    bool syntax = strncmp(e->msg, "syntax error", 12) == 0;
    if (syntax && e->line == d->last_line && strcmp(e->filename, d->last_file) == 0)
        return;
    if (syntax) {
        snprintf(d->last_file, sizeof d->last_file, "%s", e->filename);
        d->last_line = e->line;
    }
    if (e->col)
        fprintf(stderr, "%s:%u:%u: %s\n", e->filename, e->line, e->col, e->msg);
    else
        fprintf(stderr, "%s:%u: %s\n", e->filename, e->line, e->msg);
    d->nerrors++;
    if (d->nerrors >= 10 && !d->all_errors) {
        if (e->col)
            fprintf(stderr, "%s:%u:%u: too many errors\n", e->filename, e->line, e->col);
        else
            fprintf(stderr, "%s:%u: too many errors\n", e->filename, e->line);
        d->stop = true;
    }
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return NULL;
    }
    for (;;) {
        if (n == cap) {
            cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static int usage(void)
{
    fputs("usage: rog tool compile [-e] [-stop-after=parse] [-d=ast] file.go...\n", stderr);
    return 2;
}

static bool takes_value(const char *flag)
{
    static const char *const with_value[] = {"-p", "-o", "-importcfg", "-trimpath", "-lang", "-buildid",
                                             "-embedcfg", "-asmhdr", "-symabis", "-D", "-I", "-c"};
    for (size_t i = 0; i < sizeof with_value / sizeof with_value[0]; i++)
        if (strcmp(flag, with_value[i]) == 0)
            return true;
    return false;
}

int rog_tool_compile(int argc, char **argv)
{
    Diag d;
    memset(&d, 0, sizeof d);
    bool stop_after_parse = false, dump_ast = false;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == 0)
            break;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (strcmp(a, "-e") == 0)
            d.all_errors = true;
        else if (strcmp(a, "-stop-after=parse") == 0)
            stop_after_parse = true;
        else if (strcmp(a, "-stop-after") == 0 && i + 1 < argc && strcmp(argv[i + 1], "parse") == 0)
            stop_after_parse = true, i++;
        else if (strcmp(a, "-d=ast") == 0)
            dump_ast = true;
        else if (strcmp(a, "-pack") == 0 || strcmp(a, "-complete") == 0 || strcmp(a, "-std") == 0)
            ;
        else if (takes_value(a) && i + 1 < argc)
            i++;
        else if (strchr(a, '=') && (strncmp(a, "-p=", 3) == 0 || strncmp(a, "-o=", 3) == 0 ||
                                    strncmp(a, "-importcfg=", 11) == 0 || strncmp(a, "-trimpath=", 10) == 0 ||
                                    strncmp(a, "-lang=", 6) == 0))
            ;
        else {
            fprintf(stderr, "flag provided but not defined: %s\n", a);
            return usage();
        }
    }
    if (!stop_after_parse) {
        fputs("rog tool compile: only -stop-after=parse is implemented yet\n", stderr);
        return 2;
    }
    if (i >= argc)
        return usage();
    int status = 0;
    for (; i < argc && !d.stop; i++) {
        size_t len = 0;
        char *buf = read_file(argv[i], &len);
        if (!buf) {
            fprintf(stderr, "open %s: %s\n", argv[i], strerror(errno ? errno : EIO));
            status = 2;
            continue;
        }
        SynArena *a = syn_arena_new();
        SynFile *f = syn_parse_file(a, argv[i], buf, len, report, &d);
        free(buf);
        if (f->nerrors)
            status = 2;
        else if (dump_ast)
            syn_dump_file(stdout, f);
        syn_arena_free(a);
    }
    if (d.nerrors)
        status = 2;
    fflush(stdout);
    return status;
}

int driver_tool_compile(int argc, char **argv) { return rog_tool_compile(argc, argv); }
