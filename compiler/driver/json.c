/*
 * json.c: indented JSON output in encoding/json's format (see json.h).
 * Layout rule (MarshalIndent): an element starts on its own line indented
 * by depth tabs; "key": value with one space; an empty array or object is
 * never produced here (callers omit empty fields).
 */
#include "compiler/driver/json.h"

#include <stdint.h>
#include <string.h>

void json_init(json_writer *w, strbuf *out) {
  memset(w, 0, sizeof *w);
  w->out = out;
  w->first[0] = true;
}

static void indent(json_writer *w) {
  strbuf_putc(w->out, '\n');
  for (int i = 0; i < w->depth; i++)
    strbuf_putc(w->out, '\t');
}

/* Called before an element of an array or a key of an object. */
static void element(json_writer *w) {
  if (w->depth == 0) return;
  if (!w->first[w->depth]) strbuf_putc(w->out, ',');
  w->first[w->depth] = false;
  indent(w);
}

static void begin(json_writer *w, char c, bool array) {
  if (w->depth > 0 && w->array[w->depth]) element(w);
  strbuf_putc(w->out, c);
  if (w->depth < 63) w->depth++;
  w->first[w->depth] = true;
  w->array[w->depth] = array;
}

static void end(json_writer *w, char c) {
  bool empty = w->first[w->depth];
  w->depth--;
  if (!empty) indent(w);
  strbuf_putc(w->out, c);
}

void json_begin_object(json_writer *w) {
  begin(w, '{', false);
}
void json_end_object(json_writer *w) {
  end(w, '}');
}
void json_begin_array(json_writer *w) {
  begin(w, '[', true);
}
void json_end_array(json_writer *w) {
  end(w, ']');
}

void json_key(json_writer *w, const char *key) {
  element(w);
  json_quote(w->out, key);
  strbuf_puts(w->out, ": ");
}

void json_string(json_writer *w, const char *s) {
  if (w->depth > 0 && w->array[w->depth]) element(w);
  json_quote(w->out, s);
}

void json_bool(json_writer *w, bool b) {
  if (w->depth > 0 && w->array[w->depth]) element(w);
  strbuf_puts(w->out, b ? "true" : "false");
}

void json_string_list_field(json_writer *w, const char *key, const strvec *v) {
  if (v->n == 0) return;
  json_key(w, key);
  json_begin_array(w);
  for (size_t i = 0; i < v->n; i++)
    json_string(w, v->v[i]);
  json_end_array(w);
}

void json_string_field(json_writer *w, const char *key, const char *s) {
  if (!s || !*s) return;
  json_key(w, key);
  json_string(w, s);
}

void json_bool_field(json_writer *w, const char *key, bool b) {
  if (!b) return;
  json_key(w, key);
  json_bool(w, true);
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
static int utf8_len(const unsigned char *s) {
  if (s[0] < 0x80) return 1;
  if (s[0] >= 0xc2 && s[0] <= 0xdf) return (s[1] & 0xc0) == 0x80 ? 2 : 0;
  if (s[0] >= 0xe0 && s[0] <= 0xef) {
    if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80) return 0;
    if (s[0] == 0xe0 && s[1] < 0xa0) return 0;
    if (s[0] == 0xed && s[1] >= 0xa0) return 0;
    return 3;
  }
  if (s[0] >= 0xf0 && s[0] <= 0xf4) {
    if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80) return 0;
    if (s[0] == 0xf0 && s[1] < 0x90) return 0;
    if (s[0] == 0xf4 && s[1] >= 0x90) return 0;
    return 4;
  }
  return 0;
}

void json_quote(strbuf *b, const char *str) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *s = (const unsigned char *)str;
  strbuf_putc(b, '"');
  while (*s) {
    unsigned char c = *s;
    if (c == '"' || c == '\\') {
      strbuf_putc(b, '\\');
      strbuf_putc(b, (char)c);
      s++;
    } else if (c == '\n') {
      strbuf_puts(b, "\\n");
      s++;
    } else if (c == '\r') {
      strbuf_puts(b, "\\r");
      s++;
    } else if (c == '\t') {
      strbuf_puts(b, "\\t");
      s++;
    } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
      char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      strbuf_append(b, e, 6);
      s++;
    } else if (c < 0x80) {
      strbuf_putc(b, (char)c);
      s++;
    } else {
      int n = utf8_len(s);
      if (n == 0) {
        strbuf_puts(b, "\\ufffd");
        s++;
      } else if (n == 3 && s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0xa8 || s[2] == 0xa9)) {
        strbuf_puts(b, s[2] == 0xa8 ? "\\u2028" : "\\u2029");
        s += 3;
      } else {
        strbuf_append(b, (const char *)s, (size_t)n);
        s += n;
      }
    }
  }
  strbuf_putc(b, '"');
}
