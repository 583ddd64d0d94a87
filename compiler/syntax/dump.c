/*
 * dump.c: a readable, stable text form of the AST, for `rog tool compile
 * -d=ast` and for golden tests (compiler/syntax/testdata/NAME.ast).
 *
 * Format: one node per line, indented two spaces per level:
 *   KIND LINE:COL [details]
 * followed by its children, each prefixed by the field name ("x: ",
 * "type: ", ...). Lists print their elements in order under the field
 * name. Positions are resolved through //line bases (so the dump shows
 * what diagnostics show). Nothing in the format depends on addresses, so
 * dumps are reproducible.
 */
#include "ast.h"

static void pad(FILE *out, int indent) {
  for (int i = 0; i < indent; i++)
    fputs("  ", out);
}

static void child(FILE *out, const SynFile *f, const char *label, const SynNode *n, int indent) {
  if (!n) return;
  pad(out, indent);
  fprintf(out, "%s: ", label);
  syn_dump_node(out, f, n, -indent);
}

static void list(FILE *out, const SynFile *f, const char *label, SynList l, int indent) {
  if (!l.len) return;
  pad(out, indent);
  fprintf(out, "%s: [%u]\n", label, l.len);
  for (uint32_t i = 0; i < l.len; i++) {
    if (l.items[i])
      syn_dump_node(out, f, l.items[i], indent + 1);
    else {
      pad(out, indent + 1);
      fputs("nil\n", out);
    }
  }
}

static void common(FILE *out, const SynDeclCommon *c, int indent) {
  if (c->group) {
    pad(out, indent);
    fprintf(out, "group: %u index: %u\n", c->group, c->index);
  }
  for (uint32_t i = 0; i < c->pragmas.len; i++) {
    pad(out, indent);
    fprintf(out, "pragma: //%.*s\n", (int)c->pragmas.items[i].text.len, c->pragmas.items[i].text.ptr);
  }
  if (c->doc.len) {
    pad(out, indent);
    fprintf(out, "doc: %u bytes\n", c->doc.len);
  }
}

static const char *lit_kind(int k) {
  switch (k) {
  case SYN_LIT_INT:
    return "int";
  case SYN_LIT_FLOAT:
    return "float";
  case SYN_LIT_IMAG:
    return "imag";
  case SYN_LIT_RUNE:
    return "rune";
  case SYN_LIT_STRING:
    return "string";
  }
  return "?";
}

static const char *branch_tok(int t) {
  switch (t) {
  case SYN_BREAK:
    return "break";
  case SYN_CONTINUE:
    return "continue";
  case SYN_FALLTHROUGH:
    return "fallthrough";
  case SYN_GOTO:
    return "goto";
  case SYN_GO:
    return "go";
  case SYN_DEFER:
    return "defer";
  }
  return "?";
}

/* indent < 0: the header goes on the current line (after a field label)
 * and children are indented from -indent. */
void syn_dump_node(FILE *out, const SynFile *f, const SynNode *n, int indent) {
  if (indent >= 0)
    pad(out, indent);
  else
    indent = -indent;
  if (indent > 400) {
    /* left-deep operator chains can be arbitrarily high */
    fputs("... (too deep to dump)\n", out);
    return;
  }
  uint32_t line, col;
  syn_pos_resolve(f, n->pos, NULL, &line, &col);
  fprintf(out, "%s %u:%u", syn_kind_name((SynKind)n->kind), line, col);
  int in = indent + 1;
  switch ((SynKind)n->kind) {
  case SYN_NAME:
    fprintf(out, " %.*s\n", (int)n->u.name.value.len, n->u.name.value.ptr);
    return;
  case SYN_BASIC_LIT:
    fprintf(out, " %s %.*s%s\n", lit_kind(n->op), (int)n->u.lit.value.len, n->u.lit.value.ptr,
            (n->flags & SYN_F_BAD_LIT) ? " (bad)" : "");
    return;
  case SYN_OPERATION:
    fprintf(out, " %s\n", syn_op_string((SynOp)n->op));
    child(out, f, "x", n->u.operation.x, in);
    child(out, f, "y", n->u.operation.y, in);
    return;
  case SYN_ASSIGN_STMT:
    fprintf(out, " %s=%s\n", n->op == SYN_OP_DEF ? ":" : syn_op_string((SynOp)n->op),
            (n->flags & SYN_F_IMPLICIT_ONE) ? " (++/--)" : "");
    child(out, f, "lhs", n->u.assign.lhs, in);
    child(out, f, "rhs", n->u.assign.rhs, in);
    return;
  case SYN_BRANCH_STMT:
    fprintf(out, " %s\n", branch_tok(n->op));
    child(out, f, "label", n->u.branch.label, in);
    return;
  case SYN_CALL_STMT:
    fprintf(out, " %s\n", branch_tok(n->op));
    child(out, f, "call", n->u.call_stmt.call, in);
    return;
  case SYN_CHAN_TYPE:
    fprintf(out, " %s\n", n->op == SYN_CHAN_SEND ? "send" : n->op == SYN_CHAN_RECV ? "recv" : "both");
    child(out, f, "elem", n->u.chan_type.elem, in);
    return;
  default:
    break;
  }
  if (n->flags & SYN_F_HAS_DOTS) fputs(" ...", out);
  if (n->flags & SYN_F_FULL_SLICE) fputs(" full", out);
  if (n->flags & SYN_F_ALIAS) fputs(" alias", out);
  if (n->flags & SYN_F_RANGE_DEF) fputs(" :=", out);
  fputc('\n', out);
  switch ((SynKind)n->kind) {
  case SYN_BAD:
  case SYN_EMPTY_STMT:
  case SYN_NAME:
  case SYN_BASIC_LIT:
  case SYN_OPERATION:
  case SYN_ASSIGN_STMT:
  case SYN_BRANCH_STMT:
  case SYN_CALL_STMT:
  case SYN_CHAN_TYPE:
  case SYN_KIND_COUNT:
    break;
  case SYN_IMPORT_DECL:
    common(out, &n->u.import_decl.c, in);
    child(out, f, "name", n->u.import_decl.local_name, in);
    child(out, f, "path", n->u.import_decl.path, in);
    break;
  case SYN_CONST_DECL:
    common(out, &n->u.const_decl.c, in);
    list(out, f, "names", n->u.const_decl.names, in);
    child(out, f, "type", n->u.const_decl.type, in);
    child(out, f, "values", n->u.const_decl.values, in);
    break;
  case SYN_TYPE_DECL:
    common(out, &n->u.type_decl.c, in);
    child(out, f, "name", n->u.type_decl.name, in);
    list(out, f, "tparams", n->u.type_decl.tparams, in);
    child(out, f, "type", n->u.type_decl.type, in);
    break;
  case SYN_VAR_DECL:
    common(out, &n->u.var_decl.c, in);
    list(out, f, "names", n->u.var_decl.names, in);
    child(out, f, "type", n->u.var_decl.type, in);
    child(out, f, "values", n->u.var_decl.values, in);
    break;
  case SYN_FUNC_DECL:
    common(out, &n->u.func_decl.c, in);
    child(out, f, "recv", n->u.func_decl.recv, in);
    child(out, f, "name", n->u.func_decl.name, in);
    list(out, f, "tparams", n->u.func_decl.tparams, in);
    child(out, f, "type", n->u.func_decl.type, in);
    child(out, f, "body", n->u.func_decl.body, in);
    break;
  case SYN_COMPOSITE_LIT:
    child(out, f, "type", n->u.composite.type, in);
    list(out, f, "elems", n->u.composite.elems, in);
    break;
  case SYN_KEY_VALUE:
    child(out, f, "key", n->u.key_value.key, in);
    child(out, f, "value", n->u.key_value.value, in);
    break;
  case SYN_FUNC_LIT:
    child(out, f, "type", n->u.func_lit.type, in);
    child(out, f, "body", n->u.func_lit.body, in);
    break;
  case SYN_PAREN:
    child(out, f, "x", n->u.paren.x, in);
    break;
  case SYN_SELECTOR:
    child(out, f, "x", n->u.selector.x, in);
    child(out, f, "sel", n->u.selector.sel, in);
    break;
  case SYN_INDEX:
    child(out, f, "x", n->u.index.x, in);
    child(out, f, "index", n->u.index.index, in);
    break;
  case SYN_SLICE:
    child(out, f, "x", n->u.slice.x, in);
    child(out, f, "lo", n->u.slice.index[0], in);
    child(out, f, "hi", n->u.slice.index[1], in);
    child(out, f, "max", n->u.slice.index[2], in);
    break;
  case SYN_ASSERT:
    child(out, f, "x", n->u.assert.x, in);
    child(out, f, "type", n->u.assert.type, in);
    break;
  case SYN_TYPE_SWITCH_GUARD:
    child(out, f, "lhs", n->u.guard.lhs, in);
    child(out, f, "x", n->u.guard.x, in);
    break;
  case SYN_CALL:
    child(out, f, "fun", n->u.call.fun, in);
    list(out, f, "args", n->u.call.args, in);
    break;
  case SYN_LIST_EXPR:
    list(out, f, "elems", n->u.list.elems, in);
    break;
  case SYN_ARRAY_TYPE:
    child(out, f, "len", n->u.array.len, in);
    child(out, f, "elem", n->u.array.elem, in);
    break;
  case SYN_SLICE_TYPE:
  case SYN_DOTS_TYPE:
    child(out, f, "elem", n->u.elem.elem, in);
    break;
  case SYN_STRUCT_TYPE:
    list(out, f, "fields", n->u.struct_type.fields, in);
    list(out, f, "tags", n->u.struct_type.tags, in);
    break;
  case SYN_FIELD:
    child(out, f, "name", n->u.field.name, in);
    child(out, f, "type", n->u.field.type, in);
    break;
  case SYN_INTERFACE_TYPE:
    list(out, f, "methods", n->u.interface_type.methods, in);
    break;
  case SYN_FUNC_TYPE:
    list(out, f, "params", n->u.func_type.params, in);
    list(out, f, "results", n->u.func_type.results, in);
    break;
  case SYN_MAP_TYPE:
    child(out, f, "key", n->u.map_type.key, in);
    child(out, f, "value", n->u.map_type.value, in);
    break;
  case SYN_LABELED_STMT:
    child(out, f, "label", n->u.labeled.label, in);
    child(out, f, "stmt", n->u.labeled.stmt, in);
    break;
  case SYN_BLOCK_STMT:
    list(out, f, "stmts", n->u.block.stmts, in);
    break;
  case SYN_EXPR_STMT:
    child(out, f, "x", n->u.expr_stmt.x, in);
    break;
  case SYN_SEND_STMT:
    child(out, f, "chan", n->u.send.chan, in);
    child(out, f, "value", n->u.send.value, in);
    break;
  case SYN_DECL_STMT:
    list(out, f, "decls", n->u.decl_stmt.decls, in);
    break;
  case SYN_RETURN_STMT:
    child(out, f, "results", n->u.ret.results, in);
    break;
  case SYN_IF_STMT:
    child(out, f, "init", n->u.if_stmt.init, in);
    child(out, f, "cond", n->u.if_stmt.cond, in);
    child(out, f, "then", n->u.if_stmt.then, in);
    child(out, f, "else", n->u.if_stmt.else_, in);
    break;
  case SYN_FOR_STMT:
    child(out, f, "init", n->u.for_stmt.init, in);
    child(out, f, "cond", n->u.for_stmt.cond, in);
    child(out, f, "post", n->u.for_stmt.post, in);
    child(out, f, "body", n->u.for_stmt.body, in);
    break;
  case SYN_RANGE_CLAUSE:
    child(out, f, "lhs", n->u.range.lhs, in);
    child(out, f, "x", n->u.range.x, in);
    break;
  case SYN_SWITCH_STMT:
    child(out, f, "init", n->u.switch_stmt.init, in);
    child(out, f, "tag", n->u.switch_stmt.tag, in);
    list(out, f, "clauses", n->u.switch_stmt.clauses, in);
    break;
  case SYN_SELECT_STMT:
    list(out, f, "clauses", n->u.select_stmt.clauses, in);
    break;
  case SYN_CASE_CLAUSE:
    child(out, f, "cases", n->u.case_clause.cases, in);
    list(out, f, "body", n->u.case_clause.body, in);
    break;
  case SYN_COMM_CLAUSE:
    child(out, f, "comm", n->u.comm_clause.comm, in);
    list(out, f, "body", n->u.comm_clause.body, in);
    break;
  }
}

void syn_dump_file(FILE *out, const SynFile *f) {
  uint32_t line, col;
  syn_pos_resolve(f, f->pos, NULL, &line, &col);
  fprintf(out, "File %.*s %u:%u package %.*s\n", (int)f->filename.len, f->filename.ptr, line, col,
          f->pkg_name ? (int)f->pkg_name->u.name.value.len : 0,
          f->pkg_name ? f->pkg_name->u.name.value.ptr : "");
  for (uint32_t i = 0; i < f->build_lines.len; i++)
    fprintf(out, "  build: //%.*s\n", (int)f->build_lines.items[i].text.len,
            f->build_lines.items[i].text.ptr);
  for (uint32_t i = 0; i < f->pragmas.len; i++)
    fprintf(out, "  pragma: //%.*s\n", (int)f->pragmas.items[i].text.len, f->pragmas.items[i].text.ptr);
  if (f->doc.len) fprintf(out, "  doc: %u bytes\n", f->doc.len);
  if (f->cgo_preamble.len) fprintf(out, "  cgo preamble: %u bytes\n", f->cgo_preamble.len);
  list(out, f, "decls", f->decls, 1);
}
