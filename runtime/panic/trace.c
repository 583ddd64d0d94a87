/*
 * runtime/panic/trace.c: tracebacks with function names and file:line,
 * and the symbol queries of rog's Go package runtime (Caller, Callers,
 * FuncForPC, Func.FileLine).
 *
 * Frames come from the frame-pointer chain (every rog function keeps frame
 * pointers: abi.h [calls]). Names come from the executable's own ELF
 * symbol table (.symtab of /proc/self/exe, read once, kept mapped), which
 * holds every function under gc's name (main.main, main.(*T).M) -- dladdr
 * would see only exported dynamic symbols. File and line come from the
 * DWARF line table through libdw (elfutils), loaded with dlopen when first
 * needed, so programs carry no link-time dependency on it and simply print
 * no file:line where it (or the debug info) is missing. Both survive BOLT
 * (DESIGN §5): BOLT rewrites .symtab and the line table with the code.
 *
 * Format (gc 1.19):
 *   goroutine 1 [running]:
 *   panic(...)
 *   	/path/rog/runtime/panic/panic.c:217 +0x1c5
 *   main.f(...)
 *   	/tmp/x.go:12 +0x1d
 *   main.main(...)
 *   	/tmp/x.go:5 +0x27
 * Arguments are not known, so every frame shows "(...)" (gc prints the
 * argument words). As in gc, runtime-internal frames are left out: only
 * Go functions (names with a '.': gc's package-qualified names) outside
 * package runtime are printed, plus rog_gopanic as "panic(...)" when it is
 * not the first frame shown (gc's rule). A program with no Go frames
 * at all (the runtime's C tests) gets every frame, named by the symbol
 * table.
 *
 * The pc of a frame is a return address; names and lines are looked up at
 * pc-1 so a call at the very end of a function is attributed to it, and
 * +0x.. is pc minus the function's entry, as gc prints it.
 *
 * All lookups run on the system stack (file mapping, libdw, malloc).
 *
 * Rejected: backtrace()/libunwind (needs .eh_frame walking through frames
 * on goroutine segments, and gives no line numbers); addr2line as a
 * subprocess (fork in a crashing process); gc's pclntab (no such table in
 * an LLVM-built binary, and it is what breaks BOLT on gc binaries).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/panic/panic.h"
#include "runtime/sched/sched.h"
#include "runtime/str/str.h"

#define MAX_FRAMES 100

/* ------------------------------------------------------------ ELF symbols */

typedef struct sym {
  uintptr_t lo, hi; /* run-time addresses */
  const char *name;
} sym;

static struct {
  pthread_once_t once;
  sym *syms;
  size_t n;
  uintptr_t bias;  /* load address of the executable */
  bool go_program; /* main.main exists: hide runtime-internal frames */
} symtab = {PTHREAD_ONCE_INIT, NULL, 0, 0, false};

static int main_bias(struct dl_phdr_info *info, size_t size, void *arg) {
  (void)size;
  *(uintptr_t *)arg = info->dlpi_addr;
  return 1; /* the first object is the executable */
}

static int sym_cmp(const void *a, const void *b) {
  const sym *x = a, *y = b;
  return x->lo < y->lo ? -1 : x->lo > y->lo ? 1 : 0;
}

/* The stack-check pass (compiler/passes/stack.c) splits a big-frame
 * function F into a checking entry F and its body `F·body`: both are F to
 * the user (names, Caller, FuncForPC), as gc has one symbol per function.
 * Returns the name to show (a trimmed copy for bodies). */
#define BODY_SUFFIX                                                                                          \
  "\xc2\xb7"                                                                                                 \
  "body"
static const char *go_func_name(const char *name) {
  size_t n = strlen(name), k = sizeof BODY_SUFFIX - 1;
  if (n > k && memcmp(name + n - k, BODY_SUFFIX, k) == 0) {
    char *t = strndup(name, n - k);
    if (t) return t;
  }
  return name;
}

static void load_symtab(void) {
  dl_iterate_phdr(main_bias, &symtab.bias);
  int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  struct stat st;
  void *map = MAP_FAILED;
  if (fstat(fd, &st) == 0 && (size_t)st.st_size >= sizeof(Elf64_Ehdr))
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (map == MAP_FAILED) return;
  size_t size = (size_t)st.st_size;
  const uint8_t *base = map;
  const Elf64_Ehdr *eh = map;
  if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_shoff == 0 ||
      eh->e_shoff + (size_t)eh->e_shnum * sizeof(Elf64_Shdr) > size)
    return;
  const Elf64_Shdr *sh = (const Elf64_Shdr *)(base + eh->e_shoff);
  for (int i = 0; i < eh->e_shnum; i++) {
    if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum) continue;
    const Elf64_Shdr *strsh = &sh[sh[i].sh_link];
    if (sh[i].sh_offset + sh[i].sh_size > size || strsh->sh_offset + strsh->sh_size > size) return;
    const Elf64_Sym *es = (const Elf64_Sym *)(base + sh[i].sh_offset);
    size_t count = sh[i].sh_size / sizeof(Elf64_Sym);
    const char *strs = (const char *)(base + strsh->sh_offset);
    sym *out = malloc(count * sizeof *out);
    if (out == NULL) return;
    size_t n = 0;
    for (size_t k = 0; k < count; k++) {
      if (ELF64_ST_TYPE(es[k].st_info) != STT_FUNC || es[k].st_value == 0 || es[k].st_name >= strsh->sh_size)
        continue;
      out[n].lo = symtab.bias + es[k].st_value;
      out[n].hi = out[n].lo + es[k].st_size;
      out[n].name = go_func_name(strs + es[k].st_name);
      if (strcmp(out[n].name, "main.main") == 0) symtab.go_program = true;
      n++;
    }
    qsort(out, n, sizeof *out, sym_cmp);
    /* size-0 symbols (assembly) extend to the next symbol */
    for (size_t k = 0; k + 1 < n; k++)
      if (out[k].hi == out[k].lo) out[k].hi = out[k + 1].lo;
    symtab.syms = out;
    symtab.n = n;
    return;
  }
}

static const sym *find_sym(uintptr_t pc) {
  pthread_once(&symtab.once, load_symtab);
  size_t lo = 0, hi = symtab.n;
  while (lo < hi) { /* last symbol with sym.lo <= pc */
    size_t mid = (lo + hi) / 2;
    if (symtab.syms[mid].lo <= pc)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0) return NULL;
  const sym *s = &symtab.syms[lo - 1];
  /* a size-less symbol (assembly without .size) runs up to the next one;
   * the last one (_fini) must not claim every PC above the executable,
   * such as libc's (CPU profiles sample there) */
  if (s->hi == s->lo) return lo < symtab.n ? s : NULL;
  return pc < s->hi ? s : NULL;
}

/* ------------------------------------------------------- DWARF via libdw */

/* libdw's types and functions, declared here instead of including
 * <elfutils/libdw.h> so that the runtime has no build dependency on
 * elfutils (the layout of Dwarf_Die is part of libdw's stable ABI). */
typedef struct dw_die {
  void *addr, *cu, *abbrev;
  long padding;
} dw_die;

static struct {
  pthread_once_t once;
  pthread_mutex_t lock;
  void *dw;
  void *(*begin)(int fd, int cmd);
  dw_die *(*addrdie)(void *dw, uint64_t addr, dw_die *result);
  void *(*getsrc_die)(dw_die *cudie, uint64_t addr);
  int (*lineno)(void *line, int *linep);
  const char *(*linesrc)(void *line, uint64_t *mtime, uint64_t *length);
  int (*nextcu)(void *dw, uint64_t off, uint64_t *next, size_t *hsize, uint64_t *abbrev, uint8_t *asize,
                uint8_t *osize);
  dw_die *(*offdie)(void *dw, uint64_t off, dw_die *result);
  int (*haspc)(dw_die *die, uint64_t pc);
} dwarf = {PTHREAD_ONCE_INIT, PTHREAD_MUTEX_INITIALIZER};

static void load_dwarf(void) {
  if (getenv("ROG_NO_DWARF")) return;
  void *h = dlopen("libdw.so.1", RTLD_NOW | RTLD_LOCAL);
  if (h == NULL) return;
  dwarf.begin = (void *(*)(int, int))dlsym(h, "dwarf_begin");
  dwarf.addrdie = (dw_die * (*)(void *, uint64_t, dw_die *)) dlsym(h, "dwarf_addrdie");
  dwarf.getsrc_die = (void *(*)(dw_die *, uint64_t))dlsym(h, "dwarf_getsrc_die");
  dwarf.lineno = (int (*)(void *, int *))dlsym(h, "dwarf_lineno");
  dwarf.linesrc = (const char *(*)(void *, uint64_t *, uint64_t *))dlsym(h, "dwarf_linesrc");
  dwarf.nextcu = (int (*)(void *, uint64_t, uint64_t *, size_t *, uint64_t *, uint8_t *, uint8_t *))dlsym(
      h, "dwarf_nextcu");
  dwarf.offdie = (dw_die * (*)(void *, uint64_t, dw_die *)) dlsym(h, "dwarf_offdie");
  dwarf.haspc = (int (*)(dw_die *, uint64_t))dlsym(h, "dwarf_haspc");
  if (!dwarf.begin || !dwarf.addrdie || !dwarf.getsrc_die || !dwarf.lineno || !dwarf.linesrc ||
      !dwarf.nextcu || !dwarf.offdie || !dwarf.haspc)
    return;
  int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  dwarf.dw = dwarf.begin(fd, 0 /* DWARF_C_READ */); /* libdw keeps fd */
  if (dwarf.dw == NULL) close(fd);
}

/* File and line of the instruction at pc, or false. */
static bool find_line(uintptr_t pc, const char **file, int *line) {
  pthread_once(&symtab.once, load_symtab);
  pthread_once(&dwarf.once, load_dwarf);
  if (dwarf.dw == NULL) return false;
  bool ok = false;
  pthread_mutex_lock(&dwarf.lock);
  dw_die cu;
  size_t hsize;
  uint64_t addr = pc - symtab.bias;
  bool found = dwarf.addrdie(dwarf.dw, addr, &cu) != NULL;
  /* clang emits no .debug_aranges, which dwarf_addrdie needs: scan the
   * compilation units' own ranges then (only on tracebacks and Caller) */
  for (uint64_t off = 0, next; !found && dwarf.nextcu(dwarf.dw, off, &next, &hsize, NULL, NULL, NULL) == 0;
       off = next)
    found = dwarf.offdie(dwarf.dw, off + hsize, &cu) != NULL && dwarf.haspc(&cu, addr) == 1;
  if (found) {
    void *l = dwarf.getsrc_die(&cu, addr);
    if (l != NULL && dwarf.lineno(l, line) == 0) {
      *file = dwarf.linesrc(l, NULL, NULL);
      ok = *file != NULL;
    }
  }
  pthread_mutex_unlock(&dwarf.lock);
  return ok;
}

/* ------------------------------------------------------------ tracebacks */

static bool is_go_name(const char *name) {
  return strchr(name, '.') != NULL;
}

/* A frame gc would print: Go code outside package runtime (gc elides its
 * runtime's frames from tracebacks, except gopanic, shown as "panic"). */
/* The stack-check pass's thunks (`F·morestack`, re-running F on a new
 * stack segment) are not frames of the user's program, as gc's morestack
 * is not. */
static bool is_user_go_name(const char *name) {
  return is_go_name(name) && strncmp(name, "runtime.", 8) != 0 && strstr(name, "\xc2\xb7morestack") == NULL;
}

static void print_frame(uintptr_t pc, bool lines) {
  const sym *s = find_sym(pc - 1);
  const char *name = s ? s->name : "?";
  if (s && strcmp(name, "rog_gopanic") == 0) name = "panic";
  str_print_cstr(name);
  str_print_cstr("(...)\n\t");
  const char *file;
  int line;
  if (lines && find_line(pc - 1, &file, &line)) {
    str_print_cstr(file);
    str_print_cstr(":");
    rog_printint(line);
  } else {
    str_print_cstr("?");
  }
  if (s) {
    str_print_cstr(" +");
    rog_printhex(pc - s->lo);
  } else {
    str_print_cstr(" pc=");
    rog_printhex(pc);
  }
  str_print_cstr("\n");
}

/* runtime/sched's frame printer (fatal errors, deadlocks, stack overflow;
 * it walks all frames itself), replacing its weak dladdr version. In a Go
 * program only Go frames are printed, as gc does; the runtime's C tests
 * (no main.main) see every frame. On the signal stack (a fault in runtime
 * code) it skips DWARF: loading libdw there could overflow the 32 KiB
 * alternate stack. */
void sched_print_frame(uintptr_t pc) {
  const sym *s = find_sym(pc - 1);
  if (symtab.go_program && !(s && is_user_go_name(s->name))) return; /* as gc: user Go frames only */
  stack_t ss;
  bool on_sigstack = sigaltstack(NULL, &ss) == 0 && (ss.ss_flags & SS_ONSTACK);
  print_frame(pc, !on_sigstack);
}

/* Collects up to max return addresses of the frame chain starting at fp. */
static int walk(sched_g *g, uintptr_t fp, uintptr_t *pcs, int max) {
  int n = 0;
  while (n < max && sched_fp_ok(g, fp)) {
    uintptr_t next = ((uintptr_t *)fp)[0];
    uintptr_t ret = ((uintptr_t *)fp)[1];
    if (ret == 0) break;
    pcs[n++] = ret;
    fp = next;
  }
  return n;
}

void panic_print_traceback(sched_g *g, uintptr_t fp) {
  str_print_cstr("goroutine ");
  rog_printint(g ? g->goid : 0);
  str_print_cstr(" [running]:\n");
  uintptr_t pcs[MAX_FRAMES];
  int n = walk(g, fp, pcs, MAX_FRAMES);
  bool any_go = false;
  for (int i = 0; i < n; i++) {
    const sym *s = find_sym(pcs[i] - 1);
    if (s && is_go_name(s->name)) any_go = true;
  }
  /* gc shows runtime.gopanic as "panic" only in the middle of a trace (the
   * boundary between a panicking function and the deferred code it runs),
   * never as the first frame: the panic being reported is implied. */
  bool shown = false;
  for (int i = 0; i < n; i++) {
    const sym *s = find_sym(pcs[i] - 1);
    bool show =
        !any_go || (s && (is_user_go_name(s->name) || (shown && strcmp(s->name, "rog_gopanic") == 0)));
    if (show) print_frame(pcs[i], true);
    shown |= show;
  }
  if (n == MAX_FRAMES) str_print_cstr("...additional frames elided...\n");
  /* gc: "created by F\n\tfile:line +0x.." for goroutines started by go */
  const sym *creator = g && g->gopc ? find_sym(g->gopc - 1) : NULL;
  if (creator && (!any_go || is_user_go_name(creator->name))) {
    str_print_cstr("created by ");
    str_print_cstr(creator->name);
    str_print_cstr("\n\t");
    const char *file;
    int line;
    if (find_line(g->gopc - 1, &file, &line)) {
      str_print_cstr(file);
      str_print_cstr(":");
      rog_printint(line);
    } else {
      str_print_cstr("?");
    }
    str_print_cstr(" +");
    rog_printhex(g->gopc - creator->lo);
    str_print_cstr("\n");
  }
}

/* -------------------------------------- runtime.Caller, Callers, FuncForPC */

struct caller_req {
  uintptr_t fp;
  intptr_t skip;
  uintptr_t *pcs;
  intptr_t max;
  intptr_t n;
  sched_g *g;
};

/* Is the frame returning to pc part of a segmented-stack switch (a
 * function's ·morestack thunk, rog_call_on_stack, rog_morestack)? gc has
 * no such frames: runtime.Callers leaves them out, so that skip counts
 * (testing's t.Log file:line) mean what they mean under gc. */
static bool stack_switch_frame(uintptr_t pc) {
  const sym *s = find_sym(pc - 1);
  if (s == NULL) return false;
  static const char suffix[] = "·morestack";
  size_t n = strlen(s->name), k = sizeof suffix - 1;
  return strcmp(s->name, "rog_call_on_stack") == 0 || strcmp(s->name, "rog_morestack") == 0 ||
         (n > k && strcmp(s->name + n - k, suffix) == 0);
}

static void walk_sys(void *arg) {
  struct caller_req *r = arg;
  uintptr_t buf[MAX_FRAMES];
  int n = walk(r->g, r->fp, buf, MAX_FRAMES);
  r->n = 0;
  intptr_t skip = r->skip;
  for (int i = 0; i < n && r->n < r->max; i++) {
    if (stack_switch_frame(buf[i])) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    r->pcs[r->n++] = buf[i];
  }
}

typedef struct caller_result {
  uintptr_t pc;
  rog_string file;
  intptr_t line;
  bool ok;
} caller_result;

typedef struct fileline_result {
  rog_string file;
  intptr_t line;
} fileline_result;

typedef struct funcinfo_result {
  rog_string name;
  uintptr_t entry;
} funcinfo_result;

struct lookup_req {
  uintptr_t pc;
  const char *file, *name;
  int line;
  uintptr_t entry;
  bool have_line;
};

static void lookup_sys(void *arg) {
  struct lookup_req *r = arg;
  const sym *s = find_sym(r->pc);
  r->name = s ? s->name : NULL;
  r->entry = s ? s->lo : 0;
  r->have_line = find_line(r->pc, &r->file, &r->line);
}

static rog_string cstring(const char *s) {
  rog_string r = {(const uint8_t *)s, s ? (intptr_t)strlen(s) : 0};
  return r;
}

fileline_result rt_pc_file_line(uintptr_t pc) __asm__("runtime.pcFileLine");
fileline_result rt_pc_file_line(uintptr_t pc) {
  struct lookup_req r = {.pc = pc};
  sched_systemstack(lookup_sys, &r);
  fileline_result res = {cstring(r.have_line ? r.file : "?"), r.have_line ? r.line : 0};
  return res;
}

funcinfo_result rt_func_info(uintptr_t pc) __asm__("runtime.funcInfo");
funcinfo_result rt_func_info(uintptr_t pc) {
  struct lookup_req r = {.pc = pc};
  sched_systemstack(lookup_sys, &r);
  funcinfo_result res = {cstring(r.name), r.entry};
  return res;
}

caller_result rt_caller(intptr_t skip) __asm__("runtime.Caller");
__attribute__((noinline)) caller_result rt_caller(intptr_t skip) {
  caller_result res = {0, {NULL, 0}, 0, false};
  uintptr_t pc;
  struct caller_req c = {(uintptr_t)__builtin_frame_address(0), skip, &pc, 1, 0, sched_getg()};
  if (skip < 0) return res;
  sched_systemstack(walk_sys, &c);
  if (c.n == 0) return res;
  struct lookup_req r = {.pc = pc - 1};
  sched_systemstack(lookup_sys, &r);
  res.pc = pc;
  res.file = cstring(r.have_line ? r.file : "?");
  res.line = r.have_line ? r.line : 0;
  res.ok = true;
  return res;
}

intptr_t rt_callers(intptr_t skip, uintptr_t *pcs, intptr_t len, intptr_t cap) __asm__("runtime.Callers");
__attribute__((noinline)) intptr_t rt_callers(intptr_t skip, uintptr_t *pcs, intptr_t len, intptr_t cap) {
  (void)cap;
  if (len <= 0) return 0;
  intptr_t n = 0;
  if (skip == 0) { /* Callers itself */
    pcs[n++] = (uintptr_t)rt_callers + 1;
    skip = 1;
  }
  struct caller_req c = {(uintptr_t)__builtin_frame_address(0), skip - 1, pcs + n, len - n, 0, sched_getg()};
  sched_systemstack(walk_sys, &c);
  return n + c.n;
}

void rt_printpanicval(const rog_type *t, void *data) __asm__("runtime.printpanicval");
void rt_printpanicval(const rog_type *t, void *data) {
  panic_print_value(t, data);
}
