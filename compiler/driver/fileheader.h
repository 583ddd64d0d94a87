/*
 * fileheader.h: reads the header of a Go source file (package clause and
 * import declarations) and the file's //go:embed patterns, without the
 * parser, as the go command does in go/build/read.go. The package loader
 * needs only this much to place a file in a package and to follow imports;
 * reading (not parsing) keeps `rog list std` fast and independent of the
 * real parser's progress.
 *
 * What counts as the header: an optional UTF-8 BOM, comments and blank
 * space, `package NAME`, then any number of `import` declarations (single or
 * parenthesized; each spec optionally named by an identifier, `.` or `_`;
 * the path an interpreted or raw string literal, with Go's escapes). Reading
 * stops at the first token that does not continue that shape. Semicolons
 * follow Go's insertion rule (a newline after an identifier, a string or `)`
 * ends the spec).
 *
 * Errors are Go-parser style `file:line:col: message` with 1-based byte
 * columns, e.g. `a.go:1:1: expected 'package', found 'EOF'`. fh_read never
 * fails on arbitrary bytes: every malformed input gives an error.
 */
#ifndef ROG_DRIVER_FILEHEADER_H
#define ROG_DRIVER_FILEHEADER_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
  char *path; /* decoded import path */
  char *name; /* local name: NULL if none, else the identifier, "." or "_" */
  int line, col;
} fh_import;

typedef struct {
  char *pattern; /* one //go:embed pattern, unquoted */
  int line, col;
} fh_embed;

typedef struct {
  char *pkgname;
  int pkg_line, pkg_col;
  /* The package doc comment's text (go/ast CommentGroup.Text of the
   * comment group ending on the line before `package`), or NULL. */
  char *doc;
  fh_import *imports;
  size_t nimports;
  fh_embed *embeds; /* only collected when the file imports "embed" */
  size_t nembeds;
  /* A syntax error in the header ("file:line:col: msg"), or NULL. The loader
   * reports it only if the file's build constraints select the file, as the
   * go command does. */
  char *err;
  char *err_msg; /* the same error without its "file:line:col: " prefix */
  int err_line, err_col;
  /* A hard read error (a NUL byte in the header), reported even for files
   * the build constraints exclude. */
  bool fatal;
} fh_info;

/* Reads src[0:len] (need not be NUL-terminated). Returns 0, or -1 with
 * info->err set. info is always safe to pass to fh_free afterwards. */
int fh_read(const char *filename, const char *src, size_t len, fh_info *info);
void fh_free(fh_info *info);

/* go/doc's Synopsis of a doc comment text: its first sentence, as one
 * line, "" for copyright/author notices or when the comment does not start
 * with a paragraph. Returns a new string. */
char *fh_synopsis(const char *text);

/* Decodes a Go string literal (quotes included, "..." or `...`) into a new
 * NUL-terminated string; returns NULL on a malformed literal or one whose
 * value contains NUL. Shared with the go.mod reader. */
char *fh_unquote(const char *lit, size_t len);

#endif
