/*
 * nodes.c: node sizes, lists and pragma lists.
 *
 * syn_new (inline in ast.h) allocates exactly offsetof(SynNode, u) plus the size of the union
 * member of the node's kind (node_size below), so small nodes (names,
 * literals, unary operations) do not pay for the largest kind. Nodes are
 * zeroed by the arena. Lists are built by the parser on a scratch stack and
 * frozen here into arena arrays (syn_list_from), so each list costs one
 * allocation of exactly its length.
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"

#define USIZE(m) (offsetof(SynNode, u) + sizeof(((SynNode *)0)->u.m))

const uint16_t syn_node_sizes[SYN_KIND_COUNT] = {
    [SYN_BAD] = offsetof(SynNode, u),
    [SYN_IMPORT_DECL] = USIZE(import_decl),
    [SYN_CONST_DECL] = USIZE(const_decl),
    [SYN_TYPE_DECL] = USIZE(type_decl),
    [SYN_VAR_DECL] = USIZE(var_decl),
    [SYN_FUNC_DECL] = USIZE(func_decl),
    [SYN_NAME] = USIZE(name),
    [SYN_BASIC_LIT] = USIZE(lit),
    [SYN_COMPOSITE_LIT] = USIZE(composite),
    [SYN_KEY_VALUE] = USIZE(key_value),
    [SYN_FUNC_LIT] = USIZE(func_lit),
    [SYN_PAREN] = USIZE(paren),
    [SYN_SELECTOR] = USIZE(selector),
    [SYN_INDEX] = USIZE(index),
    [SYN_SLICE] = USIZE(slice),
    [SYN_ASSERT] = USIZE(assert),
    [SYN_TYPE_SWITCH_GUARD] = USIZE(guard),
    [SYN_OPERATION] = USIZE(operation),
    [SYN_CALL] = USIZE(call),
    [SYN_LIST_EXPR] = USIZE(list),
    [SYN_ARRAY_TYPE] = USIZE(array),
    [SYN_SLICE_TYPE] = USIZE(elem),
    [SYN_DOTS_TYPE] = USIZE(elem),
    [SYN_STRUCT_TYPE] = USIZE(struct_type),
    [SYN_FIELD] = USIZE(field),
    [SYN_INTERFACE_TYPE] = USIZE(interface_type),
    [SYN_FUNC_TYPE] = USIZE(func_type),
    [SYN_MAP_TYPE] = USIZE(map_type),
    [SYN_CHAN_TYPE] = USIZE(chan_type),
    [SYN_EMPTY_STMT] = offsetof(SynNode, u),
    [SYN_LABELED_STMT] = USIZE(labeled),
    [SYN_BLOCK_STMT] = USIZE(block),
    [SYN_EXPR_STMT] = USIZE(expr_stmt),
    [SYN_SEND_STMT] = USIZE(send),
    [SYN_DECL_STMT] = USIZE(decl_stmt),
    [SYN_ASSIGN_STMT] = USIZE(assign),
    [SYN_BRANCH_STMT] = USIZE(branch),
    [SYN_CALL_STMT] = USIZE(call_stmt),
    [SYN_RETURN_STMT] = USIZE(ret),
    [SYN_IF_STMT] = USIZE(if_stmt),
    [SYN_FOR_STMT] = USIZE(for_stmt),
    [SYN_SWITCH_STMT] = USIZE(switch_stmt),
    [SYN_SELECT_STMT] = USIZE(select_stmt),
    [SYN_RANGE_CLAUSE] = USIZE(range),
    [SYN_CASE_CLAUSE] = USIZE(case_clause),
    [SYN_COMM_CLAUSE] = USIZE(comm_clause),
};

SynList syn_list_from(SynArena *a, SynNode **items, uint32_t n) {
  SynList l = {NULL, n};
  if (n) {
    l.items = arena_alloc(a, n * sizeof(SynNode *));
    memcpy(l.items, items, n * sizeof(SynNode *));
  }
  return l;
}

void *syn_grow(void *v, uint32_t *cap, size_t elem, uint32_t min) {
  uint32_t n = *cap ? *cap * 2 : min;
  void *nv = realloc(v, (size_t)n * elem);
  if (!nv) {
    fputs("rog: out of memory\n", stderr);
    abort();
  }
  *cap = n;
  return nv;
}

void pragma_push(PragmaBuf *b, SynPragma pr) {
  if (b->len == b->cap) b->v = syn_grow(b->v, &b->cap, sizeof *b->v, 8);
  b->v[b->len++] = pr;
}

SynPragmaList syn_pragmas_take(SynArena *a, PragmaBuf *b) {
  SynPragmaList l = {NULL, b->len};
  if (b->len) {
    l.items = arena_alloc(a, b->len * sizeof(SynPragma));
    memcpy(l.items, b->v, b->len * sizeof(SynPragma));
    b->len = 0;
  }
  return l;
}

void pragma_free(PragmaBuf *b) {
  free(b->v);
  b->v = NULL;
  b->len = b->cap = 0;
}

static const char *const kind_names[SYN_KIND_COUNT] = {
    [SYN_BAD] = "Bad",
    [SYN_IMPORT_DECL] = "ImportDecl",
    [SYN_CONST_DECL] = "ConstDecl",
    [SYN_TYPE_DECL] = "TypeDecl",
    [SYN_VAR_DECL] = "VarDecl",
    [SYN_FUNC_DECL] = "FuncDecl",
    [SYN_NAME] = "Name",
    [SYN_BASIC_LIT] = "BasicLit",
    [SYN_COMPOSITE_LIT] = "CompositeLit",
    [SYN_KEY_VALUE] = "KeyValueExpr",
    [SYN_FUNC_LIT] = "FuncLit",
    [SYN_PAREN] = "ParenExpr",
    [SYN_SELECTOR] = "SelectorExpr",
    [SYN_INDEX] = "IndexExpr",
    [SYN_SLICE] = "SliceExpr",
    [SYN_ASSERT] = "AssertExpr",
    [SYN_TYPE_SWITCH_GUARD] = "TypeSwitchGuard",
    [SYN_OPERATION] = "Operation",
    [SYN_CALL] = "CallExpr",
    [SYN_LIST_EXPR] = "ListExpr",
    [SYN_ARRAY_TYPE] = "ArrayType",
    [SYN_SLICE_TYPE] = "SliceType",
    [SYN_DOTS_TYPE] = "DotsType",
    [SYN_STRUCT_TYPE] = "StructType",
    [SYN_FIELD] = "Field",
    [SYN_INTERFACE_TYPE] = "InterfaceType",
    [SYN_FUNC_TYPE] = "FuncType",
    [SYN_MAP_TYPE] = "MapType",
    [SYN_CHAN_TYPE] = "ChanType",
    [SYN_EMPTY_STMT] = "EmptyStmt",
    [SYN_LABELED_STMT] = "LabeledStmt",
    [SYN_BLOCK_STMT] = "BlockStmt",
    [SYN_EXPR_STMT] = "ExprStmt",
    [SYN_SEND_STMT] = "SendStmt",
    [SYN_DECL_STMT] = "DeclStmt",
    [SYN_ASSIGN_STMT] = "AssignStmt",
    [SYN_BRANCH_STMT] = "BranchStmt",
    [SYN_CALL_STMT] = "CallStmt",
    [SYN_RETURN_STMT] = "ReturnStmt",
    [SYN_IF_STMT] = "IfStmt",
    [SYN_FOR_STMT] = "ForStmt",
    [SYN_SWITCH_STMT] = "SwitchStmt",
    [SYN_SELECT_STMT] = "SelectStmt",
    [SYN_RANGE_CLAUSE] = "RangeClause",
    [SYN_CASE_CLAUSE] = "CaseClause",
    [SYN_COMM_CLAUSE] = "CommClause",
};

const char *syn_kind_name(SynKind k) {
  if ((unsigned)k < SYN_KIND_COUNT && kind_names[k]) return kind_names[k];
  return "?";
}

static const char *const op_strings[SYN_OP_COUNT] = {
    [SYN_OP_NONE] = "",   [SYN_OP_DEF] = ":",     [SYN_OP_NOT] = "!",     [SYN_OP_RECV] = "<-",
    [SYN_OP_TILDE] = "~", [SYN_OP_OROR] = "||",   [SYN_OP_ANDAND] = "&&", [SYN_OP_EQL] = "==",
    [SYN_OP_NEQ] = "!=",  [SYN_OP_LSS] = "<",     [SYN_OP_LEQ] = "<=",    [SYN_OP_GTR] = ">",
    [SYN_OP_GEQ] = ">=",  [SYN_OP_ADD] = "+",     [SYN_OP_SUB] = "-",     [SYN_OP_OR] = "|",
    [SYN_OP_XOR] = "^",   [SYN_OP_MUL] = "*",     [SYN_OP_DIV] = "/",     [SYN_OP_REM] = "%",
    [SYN_OP_AND] = "&",   [SYN_OP_ANDNOT] = "&^", [SYN_OP_SHL] = "<<",    [SYN_OP_SHR] = ">>",
};

const char *syn_op_string(SynOp op) {
  if ((unsigned)op < SYN_OP_COUNT) return op_strings[op];
  return "?";
}

static uint32_t skip_blanks(SynStr t, uint32_t k) {
  while (k < t.len && (t.ptr[k] == ' ' || t.ptr[k] == '\t' || t.ptr[k] == '\r'))
    k++;
  return k;
}

static uint32_t skip_word(SynStr t, uint32_t k) {
  while (k < t.len && t.ptr[k] != ' ' && t.ptr[k] != '\t' && t.ptr[k] != '\r')
    k++;
  return k;
}

bool syn_pragma_linkname(const SynPragma *p, SynStr *local, SynStr *target) {
  SynStr t = p->text;
  if (t.len < 12 || strncmp(t.ptr, "go:linkname", 11) != 0 || (t.ptr[11] != ' ' && t.ptr[11] != '\t'))
    return false;
  uint32_t k = skip_blanks(t, 11), e = skip_word(t, k);
  *local = (SynStr){t.ptr + k, e - k};
  k = skip_blanks(t, e);
  e = skip_word(t, k);
  *target = (SynStr){t.ptr + k, e - k};
  return local->len > 0;
}

const SynPragmaList *syn_decl_pragmas(const SynNode *d) {
  switch (d->kind) {
  case SYN_IMPORT_DECL:
    return &d->u.import_decl.c.pragmas;
  case SYN_CONST_DECL:
    return &d->u.const_decl.c.pragmas;
  case SYN_TYPE_DECL:
    return &d->u.type_decl.c.pragmas;
  case SYN_VAR_DECL:
    return &d->u.var_decl.c.pragmas;
  case SYN_FUNC_DECL:
    return &d->u.func_decl.c.pragmas;
  default:
    return NULL;
  }
}
