/*
 * json.h: a streaming writer for the JSON that `go list -json` prints
 * (encoding/json's MarshalIndent with a tab indent): objects whose fields
 * are written in a fixed order, empty fields omitted by the caller.
 *
 * The writer tracks nesting and whether the current container already has
 * an element, so callers just say key/value/begin/end. Strings are escaped
 * exactly like encoding/json: \" \\ \n \r \t, other control characters and
 * <, >, & as \u00XX, U+2028/U+2029 escaped, invalid UTF-8 as \ufffd.
 */
#ifndef ROG_DRIVER_JSON_H
#define ROG_DRIVER_JSON_H

#include <stdbool.h>

#include "compiler/driver/strvec.h"

typedef struct {
  strbuf *out;
  int depth;
  bool first[64]; /* per depth: no element written yet */
  bool array[64]; /* per depth: the container is an array */
} json_writer;

void json_init(json_writer *w, strbuf *out);
void json_begin_object(json_writer *w); /* as a value (after json_key) or top level */
void json_end_object(json_writer *w);
void json_begin_array(json_writer *w);
void json_end_array(json_writer *w);
void json_key(json_writer *w, const char *key);
void json_string(json_writer *w, const char *s);
void json_bool(json_writer *w, bool b);
/* "Key": [ ...strings ] ; nothing when v is empty (omitempty). */
void json_string_list_field(json_writer *w, const char *key, const strvec *v);
/* "Key": "s" ; nothing when s is NULL or empty (omitempty). */
void json_string_field(json_writer *w, const char *key, const char *s);
/* "Key": true ; nothing when false (omitempty). */
void json_bool_field(json_writer *w, const char *key, bool b);

/* Appends s quoted and escaped. */
void json_quote(strbuf *b, const char *s);

#endif
