/*
 * types.h: the public interface of rog's Go 1.19 type checker
 * (compiler/types). It consumes the AST of compiler/syntax (syntax.h) and
 * produces types, objects, exact constants and the side tables (TypesInfo)
 * that the back end (compiler/lower) reads.
 *
 * Glossary
 * --------
 * - Type: a Go type. Kinds follow the spec: basic (incl. the untyped kinds),
 *   pointer, slice, array, map, chan, signature (func), struct, interface,
 *   named (defined types, also instantiated generic types), tuple (results
 *   of multi-value calls), type parameter, union (only inside constraint
 *   interfaces).
 * - Object: a named language entity: package name, constant, type name,
 *   variable (also struct fields and parameters), function (also methods),
 *   label, builtin, nil.
 * - Scope: a name -> Object map with a parent link (universe, package, file,
 *   function, block scopes).
 * - Const: an exact constant value (constant.c): bool, string, or an exact
 *   rational (GMP mpq) for integers, floats and complex parts; an MPFR value
 *   (512-bit mantissa) when a float leaves what rationals can hold cheaply
 *   (e.g. 1e1000000000).
 *
 * Memory
 * ------
 * Every Type, Object, Scope and Const the checker creates belongs to one
 * TypesCtx (a bump arena plus a list of GMP/MPFR values to clear). Types of
 * different packages imported into one build share the context, so pointers
 * between them stay valid; freeing the context frees all of it. The
 * universe is per context too (no global mutable state: two contexts can be
 * used from two threads).
 *
 * Interning (the decision the brief asked for)
 * --------------------------------------------
 * Composite types are NOT hash-consed: `[]int` written twice is two Type
 * values, and identity (types_identical) is structural, as in the spec and
 * in gc's types2. Rejected: hash-consing all composite types. It would make
 * identity a pointer comparison, but struct and interface types with
 * package-local field names, recursive named types being completed lazily,
 * and type parameters being substituted make the canonical key expensive
 * and fragile; the checker compares types far less often than it creates
 * them. What is interned: basic types (one Type per kind per context),
 * pointer-to-T for each T (cached in T->ptr_to, so &x in a loop does not
 * allocate), and instantiations of generic types (per generic type, a list
 * keyed by identical type arguments, so List[int] is one Named type and
 * methods are shared).
 *
 * Side tables (TypesInfo), for the back end
 * -----------------------------------------
 * Keyed by AST node pointer, in open-addressing hash maps:
 *   types      expression node -> TypeAndValue (type, constant value, mode);
 *              also recorded for type expressions (mode TV_TYPE).
 *   defs       Name node that declares something -> Object (NULL for the
 *              package clause name and for `_` that declares nothing useful)
 *   uses       Name node that refers to something -> Object
 *   implicits  node -> implicitly declared Object (import spec without a
 *              name -> PkgName; case clause of a type switch with a bound
 *              variable -> that clause's Var)
 *   selections Selector node -> Selection (field/method value/method expr,
 *              with the embedding path)
 *   instances  Name node of a generic function or type that is
 *              instantiated -> type arguments and the instantiated type
 *   init_order package-level variable initializers in execution order
 */
#ifndef ROG_TYPES_TYPES_H
#define ROG_TYPES_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compiler/syntax/syntax.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct TypesCtx TypesCtx;
typedef struct Type Type;
typedef struct Object Object;
typedef struct Scope Scope;
typedef struct Const Const;
typedef struct TypesPackage TypesPackage;
typedef struct TypesInfo TypesInfo;

/* ---- context ----------------------------------------------------------- */

TypesCtx *types_ctx_new(void);
void types_ctx_free(TypesCtx *c);
/* Zeroed memory owned by the context. */
void *types_alloc(TypesCtx *c, size_t n);
char *types_strdup(TypesCtx *c, const char *s, size_t n);

/* ---- constants (constant.c) ------------------------------------------- */

typedef enum ConstKind {
  CONST_UNKNOWN = 0, /* result of an erroneous operation */
  CONST_BOOL,
  CONST_STRING,
  CONST_INT,
  CONST_FLOAT,
  CONST_COMPLEX
} ConstKind;

/* Opaque; values are immutable once made. All constructors allocate in the
 * context. */
ConstKind const_kind(const Const *x);
Const *const_unknown(TypesCtx *c);
Const *const_bool(TypesCtx *c, bool b);
Const *const_string(TypesCtx *c, const char *s, size_t n);
Const *const_int64(TypesCtx *c, int64_t v);
Const *const_uint64(TypesCtx *c, uint64_t v);
Const *const_float64(TypesCtx *c, double v);
/* From Go literal text (kind is SynLitKind). Returns CONST_UNKNOWN (and
 * sets *err to a message) for malformed literals. */
Const *const_from_literal(TypesCtx *c, int lit_kind, const char *text, size_t n, const char **err);

bool const_bool_val(const Const *x);
/* String bytes (not NUL-terminated in general; a NUL is appended). */
const char *const_string_val(const Const *x, size_t *len);
/* True and *v set if x is an integer value representable in int64/uint64. */
bool const_int64_val(const Const *x, int64_t *v);
bool const_uint64_val(const Const *x, uint64_t *v);
/* Nearest double (correctly rounded); *exact says whether it is exact. */
double const_float64_val(const Const *x, bool *exact);
/* Real and imaginary parts (as int/float constants). */
Const *const_real(TypesCtx *c, const Const *x);
Const *const_imag(TypesCtx *c, const Const *x);
Const *const_make_complex(TypesCtx *c, const Const *re, const Const *im);

/* Kind conversions; return CONST_UNKNOWN when impossible (e.g. ToInt of 1.5). */
Const *const_to_int(TypesCtx *c, const Const *x);
Const *const_to_float(TypesCtx *c, const Const *x);
Const *const_to_complex(TypesCtx *c, const Const *x);

/* Arithmetic. op is a SynOp. Integer division when int_div (Go's `/` on
 * integer operands truncates). Division by zero returns NULL (the caller
 * reports "division by zero"). */
Const *const_unary(TypesCtx *c, int op, const Const *x, int prec_bits_for_xor /* 0: unbounded */,
                   bool is_unsigned);
Const *const_binary(TypesCtx *c, const Const *x, int op, const Const *y, bool int_div);
Const *const_shift(TypesCtx *c, const Const *x, int op, uint64_t s);
bool const_compare(const Const *x, int op, const Const *y);
int const_sign(const Const *x);
/* Number of bits needed for |x| (integers only). */
size_t const_bitlen(const Const *x);

/* Representability (spec "Representability"). basic is a BasicKind. If
 * representable, *rounded (may be NULL) receives x rounded to the type
 * (floats round to float32/float64 precision). Returns false if not. */
bool const_representable(TypesCtx *c, const Const *x, int basic, Const **rounded);

/* Exact text form of a value (export data): const_decode(const_encode(x))
 * equals x. The text is allocated in c and not NUL-terminated in general. */
char *const_encode(TypesCtx *c, const Const *x, size_t *len);
Const *const_decode(TypesCtx *c, const char *s, size_t n);

/* Formatting as gc prints constants in messages: ints in decimal, floats
 * shortest-ish ("1.5", "1e+100"), strings quoted and shortened. */
char *const_string_repr(TypesCtx *c, const Const *x);

/* ---- types (type.c) ----------------------------------------------------- */

typedef enum TypeKind {
  TY_BASIC = 1,
  TY_POINTER,
  TY_SLICE,
  TY_ARRAY,
  TY_MAP,
  TY_CHAN,
  TY_SIGNATURE,
  TY_STRUCT,
  TY_INTERFACE,
  TY_NAMED,
  TY_TUPLE,
  TY_TYPEPARAM,
  TY_UNION
} TypeKind;

typedef enum BasicKind {
  INVALID = 0,
  BOOL,
  INT,
  INT8,
  INT16,
  INT32,
  INT64,
  UINT,
  UINT8,
  UINT16,
  UINT32,
  UINT64,
  UINTPTR,
  FLOAT32,
  FLOAT64,
  COMPLEX64,
  COMPLEX128,
  STRING,
  UNSAFE_POINTER,
  UNTYPED_BOOL,
  UNTYPED_INT,
  UNTYPED_RUNE,
  UNTYPED_FLOAT,
  UNTYPED_COMPLEX,
  UNTYPED_STRING,
  UNTYPED_NIL,
  BASIC_COUNT,
  /* aliases */
  BYTE = UINT8,
  RUNE = INT32
} BasicKind;

enum {
  BI_BOOLEAN = 1 << 0,
  BI_INTEGER = 1 << 1,
  BI_UNSIGNED = 1 << 2,
  BI_FLOAT = 1 << 3,
  BI_COMPLEX = 1 << 4,
  BI_STRING = 1 << 5,
  BI_UNTYPED = 1 << 6,
  BI_ORDERED = BI_INTEGER | BI_FLOAT | BI_STRING,
  BI_NUMERIC = BI_INTEGER | BI_FLOAT | BI_COMPLEX,
  BI_CONST = BI_BOOLEAN | BI_NUMERIC | BI_STRING
};

typedef enum ChanDir { CHAN_BOTH = 0, CHAN_SEND, CHAN_RECV } ChanDir;

/* A term of a union: ~T (tilde) or T. */
typedef struct Term {
  bool tilde;
  Type *type;
} Term;

/* The type set of an interface (computed lazily, typeset_of()).
 * all_types: no type restriction (only methods). Otherwise terms lists the
 * normalized union of terms (empty list = empty type set). */
typedef struct TypeSet {
  Object **methods; /* all methods incl. embedded, sorted by name */
  uint32_t nmethods;
  bool all_types;
  bool comparable; /* the `comparable` constraint is in effect */
  Term *terms;
  uint32_t nterms;
} TypeSet;

struct Type {
  uint8_t kind;  /* TypeKind */
  uint8_t basic; /* BasicKind (TY_BASIC) */
  uint16_t flags;
  Type *ptr_to; /* cached *T */
  union {
    struct {
      uint32_t info;
      const char *name;
    } basic;
    struct {
      Type *elem;
    } pointer;
    struct {
      Type *elem;
    } slice;
    struct {
      Type *elem;
      int64_t len; /* -1: unknown (error) */
    } array;
    struct {
      Type *key, *elem;
    } map;
    struct {
      Type *elem;
      uint8_t dir;
    } chan;
    struct {
      Object *recv;  /* Var or NULL */
      Type *params;  /* Tuple */
      Type *results; /* Tuple */
      bool variadic;
      Object **tparams; /* TypeName objects of type parameters */
      uint32_t ntparams;
      Object **rtparams; /* receiver type parameters (methods of generic types) */
      uint32_t nrtparams;
    } sig;
    struct {
      Object **fields;   /* Vars with is_field; embedded flag */
      const char **tags; /* NULL or per field (NULL = none) */
      uint32_t nfields;
    } strukt;
    struct {
      Object **methods; /* explicitly declared */
      uint32_t nmethods;
      Type **embeddeds; /* embedded elements (types or unions) */
      SynPos *embed_pos;
      uint32_t nembeddeds;
      TypeSet *tset; /* computed lazily */
      bool implicit; /* from a constraint `[T ~int]` */
      bool computing;
      bool building;              /* methods and embeddings still being collected: tset is not cached */
      bool is_comparable_builtin; /* universe's `comparable` */
    } iface;
    struct {
      Object *obj;      /* TypeName */
      Type *underlying; /* NULL while being resolved */
      Object **methods; /* declared methods (Funcs) */
      uint32_t nmethods, cap_methods;
      Object **tparams; /* generic type: its type parameters */
      uint32_t ntparams;
      Type *orig;   /* instance: the generic type; else NULL */
      Type **targs; /* instance: type arguments */
      uint32_t ntargs;
      struct Type *instances; /* generic type: list of instances (linked by next_inst) */
      struct Type *next_inst;
      bool expanded; /* instance: underlying and methods substituted */
    } named;
    struct {
      Object **vars;
      uint32_t len;
    } tuple;
    struct {
      Object *obj; /* TypeName */
      uint32_t index;
      Type *constraint; /* interface (possibly implicit) */
      uint32_t id;
    } tparam;
    struct {
      Term *terms;
      uint32_t nterms;
    } uni;
  } u;
};

/* Type constructors (allocate in ctx). */
Type *types_basic(TypesCtx *c, BasicKind k); /* the universe's basic type */
Type *types_new_pointer(TypesCtx *c, Type *elem);
Type *types_new_slice(TypesCtx *c, Type *elem);
Type *types_new_array(TypesCtx *c, Type *elem, int64_t len);
Type *types_new_map(TypesCtx *c, Type *key, Type *elem);
Type *types_new_chan(TypesCtx *c, Type *elem, ChanDir dir);
Type *types_new_tuple(TypesCtx *c, Object **vars, uint32_t n);
Type *types_new_signature(TypesCtx *c, Object *recv, Type *params, Type *results, bool variadic);
Type *types_new_struct(TypesCtx *c, Object **fields, const char **tags, uint32_t n);
Type *types_new_interface(TypesCtx *c, Object **methods, uint32_t nm, Type **embeddeds, uint32_t ne);
Type *types_new_named(TypesCtx *c, Object *obj, Type *underlying);
Type *types_new_typeparam(TypesCtx *c, Object *obj, uint32_t index, Type *constraint);
void types_named_add_method(TypesCtx *c, Type *named, Object *m);

/* Predicates (predicates in type.c). */
Type *types_underlying(Type *t);
bool types_identical(Type *x, Type *y);
bool types_identical_ignore_tags(Type *x, Type *y);
bool types_is_basic(Type *t, uint32_t info); /* underlying basic with any of info bits */
bool types_is_untyped(Type *t);
bool types_is_typed(Type *t);
bool types_is_interface(Type *t); /* underlying is an interface (not a type param) */
bool types_is_typeparam(Type *t);
bool types_comparable(Type *t); /* spec: comparable (== defined) */
bool types_has_nil(Type *t);
bool types_is_named(Type *t);              /* basic, named or type param */
Type *types_default(TypesCtx *c, Type *t); /* untyped -> default type */
/* Core type of t (spec), NULL if none. */
Type *types_core(Type *t);
/* The type set of an interface type (computed on first use). */
TypeSet *types_typeset(TypesCtx *c, Type *iface);
bool types_typeset_is_empty(TypeSet *ts);
/* Is T in the type set described by ts? (type terms only; methods are
 * checked by the caller through missing_method). */
bool types_typeset_includes(TypeSet *ts, Type *t);
/* For each specific type in the type set of a type parameter, call f;
 * returns false if f returned false for one. With no specific types, f is
 * called once with the type param's underlying interface. */
bool types_under_is(TypesCtx *c, Type *t, bool (*f)(Type *u, void *arg), void *arg);

/* String of a type as gc prints it: qualified by package name for
 * types of other packages than `rel` (NULL: always qualify). */
char *types_string(TypesCtx *c, Type *t, TypesPackage *rel);

/* Sizes (gc amd64/arm64: word 8, max align 8). Returns -1 for an
 * invalid or unsized type. */
int64_t types_sizeof(Type *t);
int64_t types_alignof(Type *t);
/* Offsets of all fields of a struct type; returns false on invalid types. */
bool types_offsetsof(Type *strukt, int64_t *offsets);

/* Assignability and convertibility (type.c); reason (may be NULL) gets an
 * explanation for messages. x_untyped_nil: the value is the nil literal. */
bool types_assignable(TypesCtx *c, Type *v, Type *t, char **reason);
bool types_convertible(TypesCtx *c, Type *v, Type *t);

/* t with each type parameter tparams[i] replaced by targs[i]; instances of
 * generic named types are created (and expanded) as needed. For the back
 * end's stenciling (compiler/lower); typexpr.c. */
Type *types_subst(TypesCtx *c, Type *t, Object **tparams, Type **targs, uint32_t n);

/* Method lookup with embedding (lookup.c). */
typedef struct LookupResult {
  Object *obj;     /* Var (field) or Func (method), NULL if not found */
  uint32_t *index; /* path of field indices, last = field/method index */
  uint32_t nindex;
  bool indirect;  /* a pointer indirection was crossed on the path */
  bool ambiguous; /* found more than once at the shallowest depth */
  bool needs_ptr; /* method with pointer receiver on non-addressable value */
} LookupResult;
LookupResult types_lookup(TypesCtx *c, Type *t, bool addressable, TypesPackage *pkg, const char *name);
/* Does t implement interface iface? If not, *missing gets the method
 * missing (or NULL), *wrong_type whether it exists with a wrong type, and
 * *ptr_recv whether it exists with a pointer receiver. */
bool types_missing_method(TypesCtx *c, Type *t, Type *iface, Object **missing, bool *wrong_type,
                          bool *ptr_recv);
/* gc's parenthesized explanation of why t does not implement iface
 * ("(missing M method)", "(M method has pointer receiver)", ...), NULL if
 * it does. */
char *types_missing_reason(TypesCtx *c, Type *t, Type *iface, TypesPackage *rel);

/* ---- objects and scopes (object.c, scope.c) ---------------------------- */

typedef enum ObjKind {
  OBJ_BAD = 0,
  OBJ_PKGNAME,
  OBJ_CONST,
  OBJ_TYPENAME,
  OBJ_VAR,
  OBJ_FUNC,
  OBJ_LABEL,
  OBJ_BUILTIN,
  OBJ_NIL
} ObjKind;

typedef enum BuiltinId {
  BUILTIN_APPEND = 1,
  BUILTIN_CAP,
  BUILTIN_CLOSE,
  BUILTIN_COMPLEX,
  BUILTIN_COPY,
  BUILTIN_DELETE,
  BUILTIN_IMAG,
  BUILTIN_LEN,
  BUILTIN_MAKE,
  BUILTIN_NEW,
  BUILTIN_PANIC,
  BUILTIN_PRINT,
  BUILTIN_PRINTLN,
  BUILTIN_REAL,
  BUILTIN_RECOVER,
  BUILTIN_UNSAFE_ADD,
  BUILTIN_UNSAFE_ALIGNOF,
  BUILTIN_UNSAFE_OFFSETOF,
  BUILTIN_UNSAFE_SIZEOF,
  BUILTIN_UNSAFE_SLICE,
  BUILTIN_COUNT
} BuiltinId;

typedef struct DeclInfo DeclInfo; /* checker-private */

struct Object {
  uint8_t kind;  /* ObjKind */
  uint8_t color; /* checker: 0 white, 1 grey (being checked), 2 black */
  bool is_field, embedded, used, is_param, is_alias;
  uint8_t builtin;  /* BuiltinId */
  const char *name; /* NUL-terminated */
  Type *type;
  TypesPackage *pkg; /* NULL for universe objects */
  Scope *parent;     /* scope the object is declared in */
  SynPos pos;
  const SynFile *file;    /* for positions; NULL for universe */
  Const *val;             /* OBJ_CONST */
  TypesPackage *imported; /* OBJ_PKGNAME */
  DeclInfo *decl;         /* package-level objects */
  uint32_t order;         /* declaration order (package level) */
  SynNode *label_stmt;    /* OBJ_LABEL */
};

Object *types_new_object(TypesCtx *c, ObjKind k, TypesPackage *pkg, const char *name, Type *t);
bool types_obj_exported(const Object *o);
/* Whether function or method fn, declared in source, carries the
 * directive (e.g. "go:nointerface") in the comments before it. Objects
 * read from export data carry none. */
bool types_func_has_directive(const Object *fn, const char *directive);
/* The qualified name gc prints for an object ("pkg.Name"). */
const char *types_obj_qualified(TypesCtx *c, const Object *o, TypesPackage *rel);

struct Scope {
  Scope *parent;
  Object **slots; /* open addressing by name */
  uint32_t cap, len;
  Object **order; /* insertion order */
  uint32_t order_len, order_cap;
  bool is_func; /* function scope (labels, results) */
  SynPos end;   /* end of the scope's extent (for uses before end) */
};

Scope *types_scope_new(TypesCtx *c, Scope *parent);
Object *types_scope_lookup_local(Scope *s, const char *name);
/* Looks up through parents. */
Object *types_scope_lookup(Scope *s, const char *name, Scope **found_in);
/* Inserts o; returns the existing object if the name is taken (then o is
 * not inserted). */
Object *types_scope_insert(TypesCtx *c, Scope *s, Object *o);

/* The universe scope of the context (created on first use), and the
 * `unsafe` package. */
Scope *types_universe(TypesCtx *c);
TypesPackage *types_unsafe_package(TypesCtx *c);
Type *types_universe_error(TypesCtx *c);      /* the `error` type */
Type *types_universe_comparable(TypesCtx *c); /* the `comparable` type */
Type *types_universe_any(TypesCtx *c);

/* ---- packages and the side tables --------------------------------------- */

/* The source of a generic function or method of an imported package, as
 * export data carries it (export.c, "Generic bodies"). */
typedef struct TypesGenericSource {
  Object *fn;       /* the imported function or method */
  const char *text; /* `func ... { ... }` */
  uint32_t len;
  uint32_t nimports; /* the imports of its file: local name ("" if none), path */
  const char **import_names, **import_paths;
} TypesGenericSource;

struct TypesPackage {
  const char *path; /* import path */
  const char *name; /* package name */
  Scope *scope;
  bool complete;
  bool fake; /* stand-in after an import error */
  TypesPackage **imports;
  uint32_t nimports;
  /* read from export data: the generic bodies of this package's objects */
  TypesGenericSource *generic_src;
  uint32_t ngeneric_src, cap_generic_src;
};

typedef enum TVMode {
  TV_INVALID = 0,
  TV_NOVALUE, /* call of a function without results */
  TV_BUILTIN,
  TV_TYPE,
  TV_CONSTANT,
  TV_VARIABLE,
  TV_MAPINDEX,
  TV_VALUE,
  TV_COMMAOK
} TVMode;

typedef struct TypeAndValue {
  uint8_t mode; /* TVMode */
  Type *type;
  Const *val; /* TV_CONSTANT */
} TypeAndValue;

typedef enum SelKind { SEL_FIELD = 1, SEL_METHOD_VAL, SEL_METHOD_EXPR } SelKind;

typedef struct Selection {
  uint8_t kind; /* SelKind */
  Type *recv;
  Object *obj;
  uint32_t *index;
  uint32_t nindex;
  bool indirect;
} Selection;

typedef struct Instance {
  Type **targs;
  uint32_t ntargs;
  Type *type;
} Instance;

/* A pointer-keyed hash map (node or object pointer -> value pointer). */
typedef struct PtrMap {
  const void **keys;
  void **vals;
  uint32_t cap, len;
} PtrMap;
void *types_ptrmap_get(const PtrMap *m, const void *key);
void types_ptrmap_put(TypesCtx *c, PtrMap *m, const void *key, void *val);

typedef struct Initializer {
  Object **lhs; /* variables initialized (several for a, b = f()) */
  uint32_t nlhs;
  SynNode *rhs; /* the initializer expression */
} Initializer;

struct TypesInfo {
  PtrMap types;      /* SynNode* -> TypeAndValue* */
  PtrMap defs;       /* SynNode* (Name) -> Object* */
  PtrMap uses;       /* SynNode* (Name) -> Object* */
  PtrMap implicits;  /* SynNode* -> Object* */
  PtrMap selections; /* SynNode* (Selector) -> Selection* */
  PtrMap instances;  /* SynNode* (Name) -> Instance* */
  Initializer *init_order;
  uint32_t ninit_order;
};

/* ---- the checker (check.c) ------------------------------------------------ */

/* Importer: returns the package for path (type-checked), or NULL with an
 * error message in *err. The driver plugs in the real loader; tests use
 * types_goroot_importer (importer.c, a test utility). */
typedef TypesPackage *(*types_import_fn)(void *ctx, TypesCtx *tc, const char *path, const char **err);

typedef struct TypesDiag {
  const char *filename;
  uint32_t line, col;
  const char *msg;
  bool soft; /* follow-on or "declared but not used"-style error */
} TypesDiag;
typedef void (*types_error_fn)(void *ctx, const TypesDiag *d);

typedef struct TypesConfig {
  types_import_fn importer;
  void *importer_ctx;
  types_error_fn error;
  void *error_ctx;
  bool ignore_func_bodies;
  /* gc's -complete: the package has no non-Go files, so a function
   * declared without a body (and not named by a //go:linkname) is an
   * error, "missing function body". Without it, bodies may come from
   * assembly (gc) or from rog's C runtime (overlay packages). */
  bool complete;
  /* Go language version of the package, e.g. 119 for go1.19 (0 = 119). */
  int lang_version;
} TypesConfig;

/* Type-checks the files of one package. Returns the package (never NULL)
 * and fills info (may be NULL). *nerrors receives the error count. */
TypesPackage *types_check_package(TypesCtx *c, const TypesConfig *cfg, const char *path, SynFile **files,
                                  uint32_t nfiles, TypesInfo *info, int *nerrors);

/* Checking the generic bodies of an imported package (export data), so
 * that an importer can stencil them (compiler/lower/generic.c). files are
 * parsed from pkg->generic_src (one `package` clause, its imports, one
 * function declaration each). Each declaration is checked in pkg's scope
 * against a fresh object (its own type parameters and parameter objects,
 * recorded in info) and never declared: out[i] describes files[i]'s
 * declaration. Returns the number of errors (reported through cfg). */
typedef struct TypesCheckedBody {
  Object *fn;      /* the imported object (pkg->generic_src[].fn) */
  Object *checked; /* the object the body was checked against */
  SynNode *decl;   /* the FuncDecl */
  SynFile *file;
} TypesCheckedBody;
int types_check_bodies(TypesCtx *c, const TypesConfig *cfg, TypesPackage *pkg, SynFile **files, Object **fns,
                       uint32_t nfiles, TypesInfo *info, TypesCheckedBody *out);

/* Convenience entry (`-stop-after=typecheck`): parses and checks the given
 * files as one package, printing "file:line:col: msg" diagnostics on
 * stderr (sorted by position, gc style). With a NULL importer, imports are
 * resolved by the GOROOT test importer. Returns the number of errors. */
int types_check_files(const char *pkgpath, const char **filenames, int nfiles, const TypesConfig *cfg_or_null,
                      bool columns);

/* Test utility, not the real loader: an importer that type-checks
 * $GOROOT/src/<path> (GOROOT=/usr/share/go-1.19 unless $GOROOT is set)
 * for linux/amd64 without cgo and without _test files. ctx must be a
 * TypesGorootImporter. */
typedef struct TypesGorootImporter {
  const char *goroot;
  PtrMap byname; /* interned path -> TypesPackage* (see importer.c) */
  char **paths;
  TypesPackage **pkgs;
  uint32_t n, cap;
  int depth;
  void **arenas; /* SynArena* of imported packages */
  uint32_t narenas, cap_arenas;
} TypesGorootImporter;
TypesPackage *types_goroot_import(void *ctx, TypesCtx *tc, const char *path, const char **err);
/* Frees what the importer holds (not the packages: they live in the TypesCtx). */
void types_goroot_importer_free(TypesGorootImporter *im);

/* ---- export data (export.c; the format is documented there) ------------- */

/* Serializes a checked package (all its package-level objects and what
 * they mention) into zstd-compressed export data; *out is malloc'ed.
 * Returns 0, or -1 if compression failed. */
int types_export_write(TypesCtx *c, TypesPackage *pkg, uint8_t **out, size_t *len);

/* Where an import path's export data comes from: a file (importcfg) or
 * bytes in memory (tests). */
typedef struct TypesExportSource {
  char *path, *file;
  uint8_t *data;
  size_t len;
  char *map_to; /* importmap: path as written -> this path (file, data unused) */
} TypesExportSource;

/* An importer (types_import_fn with ctx = the TypesExportImporter) that
 * reads export data; it keeps one TypesPackage per path for the TypesCtx
 * it is used with (zero-initialize it; one importer per context). */
typedef struct TypesExportImporter {
  TypesExportSource *src;
  uint32_t nsrc, capsrc;
  TypesPackage **pkgs; /* every package seen, complete or referenced */
  uint32_t npkgs, cappkgs;
} TypesExportImporter;
/* gc's importcfg: "packagefile path=file" and "importmap from=to" lines.
 * Returns 0, or -1 with a malloc'ed message in *err. */
int types_export_importer_read_importcfg(TypesExportImporter *im, const char *cfgfile, char **err);
int types_export_importer_add_file(TypesExportImporter *im, const char *path, const char *file);
void types_export_importer_add_data(TypesExportImporter *im, const char *path, const uint8_t *data,
                                    size_t len);
/* gc's importmap: an import of `from` (as written in source) reads `to`
 * (std's vendored golang.org/x paths). */
void types_export_importer_add_map(TypesExportImporter *im, const char *from, const char *to);
TypesPackage *types_export_import(void *ctx, TypesCtx *tc, const char *path, const char **err);
/* Reads one package's export data into the importer's registry. */
TypesPackage *types_export_read(TypesCtx *c, TypesExportImporter *im, const uint8_t *data, size_t len,
                                const char **err);
void types_export_importer_free(TypesExportImporter *im);

/* Package archives (gc's .a: an ar archive whose member __.PKGDEF is the
 * export data and _go_.o the object): the member called name of the
 * archive in buf, or NULL (*mlen gets its length). types_export_read
 * accepts a whole archive too. */
const void *types_ar_member(const void *buf, size_t len, const char *name, size_t *mlen);

/* The package's declarations as sorted text lines (api.c), malloc'ed: for
 * comparing a package checked from source with its export data. */
char *types_package_api(TypesCtx *c, TypesPackage *pkg);

#ifdef __cplusplus
}
#endif

#endif /* ROG_TYPES_TYPES_H */
