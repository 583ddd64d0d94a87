// json_test: the go list JSON writer -- encoding/json's escaping (HTML
// characters, controls, invalid UTF-8, U+2028/2029) and MarshalIndent's
// layout (tabs, ": ", empty arrays as []).
#include <gtest/gtest.h>

#include <string>

extern "C" {
#include "compiler/driver/json.h"
}

namespace {

std::string Quote(const char *s) {
  strbuf b = {};
  json_quote(&b, s);
  std::string r(b.data, b.len);
  strbuf_free(&b);
  return r;
}

TEST(Json, Escaping) {
  EXPECT_EQ(Quote("plain/path"), "\"plain/path\"");
  EXPECT_EQ(Quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(Quote("\n\r\t"), "\"\\n\\r\\t\"");
  EXPECT_EQ(Quote("\x01\x1f"), "\"\\u0001\\u001f\"");
  EXPECT_EQ(Quote("<a&b>"), "\"\\u003ca\\u0026b\\u003e\"");
  EXPECT_EQ(Quote("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
  EXPECT_EQ(Quote("\xe2\x80\xa8\xe2\x80\xa9"), "\"\\u2028\\u2029\"");
  EXPECT_EQ(Quote("bad\xff\xc3"), "\"bad\\ufffd\\ufffd\"");
  EXPECT_EQ(Quote("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\""); // surrogate
  EXPECT_EQ(Quote("\xf0\x9f\x98\x80"), "\"\xf0\x9f\x98\x80\"");
}

TEST(Json, Layout) {
  strbuf b = {};
  json_writer w;
  json_init(&w, &b);
  json_begin_object(&w);
  json_string_field(&w, "Name", "x");
  json_string_field(&w, "Empty", ""); // omitted
  json_bool_field(&w, "No", false);   // omitted
  json_bool_field(&w, "Yes", true);
  strvec v = {};
  json_string_list_field(&w, "None", &v); // omitted
  strvec_pushdup(&v, "a");
  strvec_pushdup(&v, "b");
  json_string_list_field(&w, "List", &v);
  strvec_free(&v);
  json_key(&w, "Obj");
  json_begin_object(&w);
  json_key(&w, "Stack");
  json_begin_array(&w);
  json_end_array(&w);
  json_end_object(&w);
  json_end_object(&w);
  EXPECT_EQ(std::string(b.data, b.len), "{\n"
                                        "\t\"Name\": \"x\",\n"
                                        "\t\"Yes\": true,\n"
                                        "\t\"List\": [\n"
                                        "\t\t\"a\",\n"
                                        "\t\t\"b\"\n"
                                        "\t],\n"
                                        "\t\"Obj\": {\n"
                                        "\t\t\"Stack\": []\n"
                                        "\t}\n"
                                        "}");
  strbuf_free(&b);
}

} // namespace
