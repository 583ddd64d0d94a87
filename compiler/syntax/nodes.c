/*
 * nodes.c: node allocation, lists and pragma lists.
 *
 * syn_new allocates exactly offsetof(SynNode, u) plus the size of the union
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

static size_t node_size(SynKind k)
{
    switch (k) {
    case SYN_BAD: return offsetof(SynNode, u);
    case SYN_IMPORT_DECL: return USIZE(import_decl);
    case SYN_CONST_DECL: return USIZE(const_decl);
    case SYN_TYPE_DECL: return USIZE(type_decl);
    case SYN_VAR_DECL: return USIZE(var_decl);
    case SYN_FUNC_DECL: return USIZE(func_decl);
    case SYN_NAME: return USIZE(name);
    case SYN_BASIC_LIT: return USIZE(lit);
    case SYN_COMPOSITE_LIT: return USIZE(composite);
    case SYN_KEY_VALUE: return USIZE(key_value);
    case SYN_FUNC_LIT: return USIZE(func_lit);
    case SYN_PAREN: return USIZE(paren);
    case SYN_SELECTOR: return USIZE(selector);
    case SYN_INDEX: return USIZE(index);
    case SYN_SLICE: return USIZE(slice);
    case SYN_ASSERT: return USIZE(assert);
    case SYN_TYPE_SWITCH_GUARD: return USIZE(guard);
    case SYN_OPERATION: return USIZE(operation);
    case SYN_CALL: return USIZE(call);
    case SYN_LIST_EXPR: return USIZE(list);
    case SYN_ARRAY_TYPE: return USIZE(array);
    case SYN_SLICE_TYPE: return USIZE(elem);
    case SYN_DOTS_TYPE: return USIZE(elem);
    case SYN_STRUCT_TYPE: return USIZE(struct_type);
    case SYN_FIELD: return USIZE(field);
    case SYN_INTERFACE_TYPE: return USIZE(interface_type);
    case SYN_FUNC_TYPE: return USIZE(func_type);
    case SYN_MAP_TYPE: return USIZE(map_type);
    case SYN_CHAN_TYPE: return USIZE(chan_type);
    case SYN_EMPTY_STMT: return offsetof(SynNode, u);
    case SYN_LABELED_STMT: return USIZE(labeled);
    case SYN_BLOCK_STMT: return USIZE(block);
    case SYN_EXPR_STMT: return USIZE(expr_stmt);
    case SYN_SEND_STMT: return USIZE(send);
    case SYN_DECL_STMT: return USIZE(decl_stmt);
    case SYN_ASSIGN_STMT: return USIZE(assign);
    case SYN_BRANCH_STMT: return USIZE(branch);
    case SYN_CALL_STMT: return USIZE(call_stmt);
    case SYN_RETURN_STMT: return USIZE(ret);
    case SYN_IF_STMT: return USIZE(if_stmt);
    case SYN_FOR_STMT: return USIZE(for_stmt);
    case SYN_SWITCH_STMT: return USIZE(switch_stmt);
    case SYN_SELECT_STMT: return USIZE(select_stmt);
    case SYN_RANGE_CLAUSE: return USIZE(range);
    case SYN_CASE_CLAUSE: return USIZE(case_clause);
    case SYN_COMM_CLAUSE: return USIZE(comm_clause);
    case SYN_KIND_COUNT: break;
    }
    return sizeof(SynNode);
}

SynNode *syn_new(SynArena *a, SynKind k, SynPos pos)
{
    SynNode *n = syn_arena_alloc(a, node_size(k));
    n->kind = (uint8_t)k;
    n->pos = pos;
    return n;
}

SynList syn_list_from(SynArena *a, SynNode **items, uint32_t n)
{
    SynList l = {NULL, n};
    if (n) {
        l.items = syn_arena_alloc(a, n * sizeof(SynNode *));
        memcpy(l.items, items, n * sizeof(SynNode *));
    }
    return l;
}

void pragma_push(PragmaBuf *b, SynPragma pr)
{
    if (b->len == b->cap) {
        uint32_t cap = b->cap ? b->cap * 2 : 8;
        SynPragma *v = realloc(b->v, cap * sizeof *v);
        if (!v) {
            fputs("rog: out of memory\n", stderr);
            abort();
        }
        b->v = v;
        b->cap = cap;
    }
    b->v[b->len++] = pr;
}

SynPragmaList syn_pragmas_take(SynArena *a, PragmaBuf *b)
{
    SynPragmaList l = {NULL, b->len};
    if (b->len) {
        l.items = syn_arena_alloc(a, b->len * sizeof(SynPragma));
        memcpy(l.items, b->v, b->len * sizeof(SynPragma));
        b->len = 0;
    }
    return l;
}

void pragma_free(PragmaBuf *b)
{
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

const char *syn_kind_name(SynKind k)
{
    if ((unsigned)k < SYN_KIND_COUNT && kind_names[k])
        return kind_names[k];
    return "?";
}

static const char *const op_strings[SYN_OP_COUNT] = {
    [SYN_OP_NONE] = "",   [SYN_OP_DEF] = ":",    [SYN_OP_NOT] = "!",     [SYN_OP_RECV] = "<-",
    [SYN_OP_TILDE] = "~", [SYN_OP_OROR] = "||",  [SYN_OP_ANDAND] = "&&", [SYN_OP_EQL] = "==",
    [SYN_OP_NEQ] = "!=",  [SYN_OP_LSS] = "<",    [SYN_OP_LEQ] = "<=",    [SYN_OP_GTR] = ">",
    [SYN_OP_GEQ] = ">=",  [SYN_OP_ADD] = "+",    [SYN_OP_SUB] = "-",     [SYN_OP_OR] = "|",
    [SYN_OP_XOR] = "^",   [SYN_OP_MUL] = "*",    [SYN_OP_DIV] = "/",     [SYN_OP_REM] = "%",
    [SYN_OP_AND] = "&",   [SYN_OP_ANDNOT] = "&^", [SYN_OP_SHL] = "<<",   [SYN_OP_SHR] = ">>",
};

const char *syn_op_string(SynOp op)
{
    if ((unsigned)op < SYN_OP_COUNT)
        return op_strings[op];
    return "?";
}
