/*
 * buildctx.h: build constraints, as Go 1.19's go/build evaluates them.
 *
 * A bc_context is the target configuration (GOOS, GOARCH, compiler tag, cgo,
 * -tags, tool and release tags). Against it one can evaluate:
 *   - file-name constraints (`x_linux_arm64.go`, `x_amd64_test.go`),
 *   - a file's constraint comments: a `//go:build EXPR` line anywhere in the
 *     leading comments (outside block comments), or, only when there is no
 *     //go:build line, every `// +build ...` line of the leading comment
 *     block that is followed by a blank line (Go 1.19 rules).
 *
 * Expressions are small trees (bc_expr) so that the grammar and the tag
 * matching stay separate and can be tested apart:
 *   //go:build:  or = and { "||" and } ; and = not { "&&" not } ;
 *                not = "!" not | "(" or ")" | tag   (double "!" rejected)
 *   // +build:   space-separated OR of comma-separated AND of [!]tag; a
 *                malformed term becomes the never-true tag "ignore".
 */
#ifndef ROG_DRIVER_BUILDCTX_H
#define ROG_DRIVER_BUILDCTX_H

#include <stdbool.h>
#include <stddef.h>

#include "compiler/driver/strvec.h"

typedef struct {
  char *goos, *goarch;
  char *compiler; /* the compiler tag that is satisfied: "gc" (see load.c) */
  bool cgo_enabled;
  strvec build_tags;   /* -tags */
  strvec tool_tags;    /* goexperiment.* */
  strvec release_tags; /* go1.1 .. go1.19 */
  /* Selecting the files of a package in bc_noasm_packages (see there):
   * the GOARCH tag is false (so are GOARCH file-name suffixes) and the
   * tags purego and math_big_pure_go are true. */
  bool noasm;
} bc_context;

/* Fills c for GOOS=linux and the given GOARCH, with the gc compiler tag, cgo
 * off, the tool tags Go 1.19 enables for that GOARCH and release tags
 * go1.1..go1.19. */
void bc_init(bc_context *c, const char *goarch);
/* Adds comma- or space-separated tags (the -tags flag's syntax). */
void bc_add_tags(bc_context *c, const char *list);
void bc_free(bc_context *c);

/* rog compiles no Go assembly. For the std packages whose assembly rog
 * does not replace (by an overlay, a compiler intrinsic or runtime C), rog
 * builds the files a GOARCH without assembly would get: the list and the
 * rule are at the top of buildctx.c. True if import_path is one of them. */
bool bc_noasm_package(const char *import_path);
/* A copy of c (sharing its strings) with noasm set. */
bc_context bc_noasm_context(const bc_context *c);

bool bc_known_os(const char *s);
bool bc_known_arch(const char *s);
bool bc_match_tag(const bc_context *c, const char *tag);
/* File-name constraints on a base name (go/build goodOSArchFile). */
bool bc_good_os_arch_file(const bc_context *c, const char *name);

typedef enum { BC_TAG, BC_NOT, BC_AND, BC_OR } bc_kind;
typedef struct bc_expr {
  bc_kind kind;
  char *tag; /* BC_TAG */
  struct bc_expr *x, *y;
} bc_expr;

/* Parses the expression text of a //go:build line (after "//go:build").
 * Returns NULL and a malloc'ed message in *err on a syntax error. */
bc_expr *bc_parse_gobuild(const char *text, char **err);
/* Parses the text of a // +build line (after "+build"); never fails. */
bc_expr *bc_parse_plusbuild(const char *text);
bool bc_eval(const bc_context *c, const bc_expr *x);
void bc_expr_free(bc_expr *x);

/* Applies a file's constraint comments (src is the start of the file).
 * Returns 1 to build, 0 to exclude, -1 on error with a malloc'ed message in
 * *err ("multiple //go:build comments", "parsing //go:build line: ..."). */
int bc_should_build(const bc_context *c, const char *src, size_t len, char **err);

#endif
