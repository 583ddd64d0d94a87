/*
 * runtime/rt/prof.c: CPU profiling, goroutine profiles and the hooks
 * runtime/pprof and runtime/trace declare bodyless (the Go side is
 * runtime/go/runtime/rog_stdtest.go).
 *
 * CPU profiling (runtime.SetCPUProfileRate, runtime/pprof.readProfile):
 *   setitimer(ITIMER_PROF) makes the kernel send SIGPROF to a thread that
 *   is consuming CPU, hz times per CPU-second. The handler records the
 *   interrupted PC and, when the thread was running a goroutine on its
 *   own stack (rog_tls.g == m->curg), the frame-pointer chain of that
 *   goroutine, bounded by the goroutine's stack segments (sched_fp_ok),
 *   so a garbage frame pointer (libc code without frame pointers) never
 *   leads outside memory the goroutine owns. Samples taken on g0, in GC
 *   worker threads or in foreign threads record only the interrupted PC.
 *   PCs are stored as "return addresses" (the leaf as pc+1), the
 *   convention runtime.CallersFrames and runtime/pprof expect.
 *
 *   The sample buffer is a ring of PROF_SLOTS fixed-size slots, each with
 *   a state word FREE -> WRITING -> READY -> FREE. A writer (any thread,
 *   inside a signal handler) claims slot head % PROF_SLOTS by CAS on head,
 *   only if that slot is FREE; otherwise the sample is lost and counted
 *   (the reader reports the count as gc's overflow record). The single
 *   reader takes READY slots in order from tail and stops at the first
 *   slot not READY yet (a writer still filling it). No locks, no
 *   allocation: async-signal-safe. Label pointers live in a separate
 *   static array (prof_tags) in .bss, which the GC scans conservatively,
 *   so a label map a sample names stays alive until it is read; the
 *   stacks live in a calloc'ed array (no pointers into the Go heap).
 *
 *   Stopping: the timer is disarmed, prof_on cleared, then the stopper
 *   waits until no handler is inside the buffer code (prof_inflight), and
 *   only then marks eof, so no sample arrives after readProfile reported
 *   eof. readProfile never blocks: runtime/pprof's writer sleeps 100 ms
 *   between reads, and the header record is queued by the start itself,
 *   so its first read always sees the header.
 *
 * Goroutine profile (runtime.GoroutineProfile, pprof's goroutine profile):
 *   the caller's own stack from its frame pointer, every other live G's
 *   from its saved context (the slots sched_print_goroutine uses), under
 *   allglock. The world is not stopped (gc stops it): a G woken while
 *   its stack is read may give a torn stack, and every word is read with
 *   process_vm_readv on the own process, which fails cleanly instead of
 *   faulting should a segment be unmapped meanwhile. TODO(prof): stop the
 *   world through the collector's lock for an exact snapshot.
 *
 * Labels (runtime/pprof.runtime_setProfLabel/getProfLabel): stored in the
 * G with the goid they belong to (sched_g.prof_labels). New goroutines do
 * not inherit their creator's labels yet (TODO(prof): copy in newproc).
 *
 * Not here: memory, block, mutex and thread-creation profiles return no
 * records, and execution tracing is refused (rog_stdtest.go says so).
 *
 * Rejected: a mutex-protected buffer (a signal handler must not take a
 * lock the interrupted thread may hold); timer_create per thread
 * (CLOCK_THREAD_CPUTIME_ID, gc 1.18+): more precise attribution on many
 * cores, but per-M set-up in the scheduler; ITIMER_PROF is enough for
 * `go test -cpuprofile` on these machines.
 */
#define _GNU_SOURCE
#include "runtime/rt/prof.h"
#include "runtime/signal/signal.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <ucontext.h>
#include <unistd.h>

#include "rog/abi.h"
#include "runtime/rt/rt.h"
#include "runtime/sched/sched.h"

enum { SLOT_FREE, SLOT_WRITING, SLOT_READY };

typedef struct prof_slot {
  _Atomic uint32_t state;
  uint32_t n;
  uintptr_t stk[PROF_MAX_STACK];
} prof_slot;

static prof_slot *slots;                 /* PROF_SLOTS, calloc'ed at first start */
static void *prof_tags[PROF_SLOTS];      /* GC roots (.bss): label of each slot */
static _Atomic uint64_t prof_head;       /* next slot a writer claims */
static uint64_t prof_tail;               /* next slot the reader takes */
static _Atomic uint64_t prof_lost;       /* lost since the last read */
static _Atomic uint64_t prof_lost_total; /* since the last start */
static _Atomic uint64_t prof_taken;      /* since the last start */
static _Atomic int prof_on;              /* the handler records */
static _Atomic int prof_inflight;        /* handlers inside the buffer code */
static _Atomic intptr_t prof_hz;         /* rate of the running profile, 0 if none */
static _Atomic int prof_header_pending;  /* the reader owes {3, 0, hz} */
static _Atomic int prof_eof;             /* stopped: eof once drained */
static intptr_t prof_header_hz;
static _Atomic int prof_handler_installed;

static bool ensure_slots(void) {
  if (__atomic_load_n(&slots, __ATOMIC_ACQUIRE) != NULL) return true;
  prof_slot *s = calloc(PROF_SLOTS, sizeof *s);
  if (s == NULL) return false;
  __atomic_store_n(&slots, s, __ATOMIC_RELEASE);
  return true;
}

bool prof_buf_add(const uintptr_t *stk, int n, void *tag) {
  prof_slot *ss = __atomic_load_n(&slots, __ATOMIC_ACQUIRE);
  if (ss == NULL || n <= 0) return false;
  if (n > PROF_MAX_STACK) n = PROF_MAX_STACK;
  uint64_t h = atomic_load(&prof_head);
  prof_slot *s;
  for (;;) {
    s = &ss[h % PROF_SLOTS];
    if (atomic_load(&s->state) != SLOT_FREE) {
      atomic_fetch_add(&prof_lost, 1);
      atomic_fetch_add(&prof_lost_total, 1);
      return false;
    }
    if (atomic_compare_exchange_weak(&prof_head, &h, h + 1)) break;
  }
  /* slot h is ours: head moved past it, and only the reader frees it */
  atomic_store_explicit(&s->state, SLOT_WRITING, memory_order_relaxed);
  s->n = (uint32_t)n;
  memcpy(s->stk, stk, (size_t)n * sizeof *stk);
  __atomic_store_n(&prof_tags[h % PROF_SLOTS], tag, __ATOMIC_RELAXED);
  atomic_store_explicit(&s->state, SLOT_READY, memory_order_release);
  atomic_fetch_add(&prof_taken, 1);
  return true;
}

intptr_t prof_read(uint64_t *data, intptr_t ndata, void **tags, intptr_t ntags, intptr_t *nrec) {
  intptr_t w = 0, r = 0;
  *nrec = 0;
  if (atomic_load(&prof_header_pending) && ndata >= 3 && ntags >= 1) {
    data[0] = 3;
    data[1] = 0;
    data[2] = (uint64_t)prof_header_hz;
    tags[0] = NULL;
    w = 3, r = 1;
    atomic_store(&prof_header_pending, 0);
  }
  uint64_t lost = atomic_load(&prof_lost);
  if (lost > 0 && w + 4 <= ndata && r + 1 <= ntags) {
    atomic_fetch_sub(&prof_lost, lost);
    data[w] = 4, data[w + 1] = 0, data[w + 2] = 0, data[w + 3] = lost;
    tags[r] = NULL;
    w += 4, r++;
  }
  prof_slot *ss = __atomic_load_n(&slots, __ATOMIC_ACQUIRE);
  while (ss != NULL) {
    prof_slot *s = &ss[prof_tail % PROF_SLOTS];
    if (atomic_load_explicit(&s->state, memory_order_acquire) != SLOT_READY) break;
    intptr_t need = 3 + (intptr_t)s->n;
    if (w + need > ndata || r + 1 > ntags) break;
    data[w] = (uint64_t)need, data[w + 1] = 0, data[w + 2] = 1;
    for (uint32_t i = 0; i < s->n; i++)
      data[w + 3 + i] = s->stk[i];
    tags[r] = __atomic_exchange_n(&prof_tags[prof_tail % PROF_SLOTS], NULL, __ATOMIC_RELAXED);
    w += need, r++;
    atomic_store_explicit(&s->state, SLOT_FREE, memory_order_release);
    prof_tail++;
  }
  *nrec = r;
  if (w == 0 && atomic_load(&prof_eof)) {
    atomic_store(&prof_eof, 0);
    return -1;
  }
  return w;
}

uint64_t prof_samples_taken(void) {
  return atomic_load(&prof_taken);
}

uint64_t prof_samples_lost(void) {
  return atomic_load(&prof_lost_total);
}

/* ------------------------------------------------------------ SIGPROF */

static void interrupted_regs(void *uctx, uintptr_t *pc, uintptr_t *fp) {
  ucontext_t *uc = uctx;
#if defined(__x86_64__)
  *pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
  *fp = (uintptr_t)uc->uc_mcontext.gregs[REG_RBP];
#elif defined(__aarch64__)
  *pc = (uintptr_t)uc->uc_mcontext.pc;
  *fp = (uintptr_t)uc->uc_mcontext.regs[29];
#endif
}

static void sigprof_handler(int sig, siginfo_t *info, void *uctx) {
  (void)sig;
  (void)info;
  int saved_errno = errno;
  atomic_fetch_add(&prof_inflight, 1);
  if (atomic_load(&prof_on)) {
    uintptr_t stk[PROF_MAX_STACK];
    uintptr_t pc, fp;
    interrupted_regs(uctx, &pc, &fp);
    int n = 0;
    stk[n++] = pc + 1;
    void *tag = NULL;
    rog_tls_block *t = sched_tls();
    sched_m *m = t->m;
    sched_g *g = m ? m->curg : NULL;
    if (g != NULL && t->g == (void *)g) {
      while (n < PROF_MAX_STACK && sched_fp_ok(g, fp)) {
        uintptr_t ret = ((uintptr_t *)fp)[1];
        if (ret == 0) break;
        stk[n++] = ret;
        fp = ((uintptr_t *)fp)[0];
      }
      if (g->prof_labels_goid == g->goid) tag = g->prof_labels;
    }
    prof_buf_add(stk, n, tag);
  }
  atomic_fetch_sub(&prof_inflight, 1);
  errno = saved_errno;
}

static void set_timer(intptr_t hz) {
  struct itimerval it;
  memset(&it, 0, sizeof it);
  if (hz > 0) {
    long us = 1000000L / (long)hz;
    if (us < 1) us = 1;
    it.it_interval.tv_sec = us / 1000000L;
    it.it_interval.tv_usec = us % 1000000L;
    it.it_value = it.it_interval;
  }
  setitimer(ITIMER_PROF, &it, NULL);
}

void prof_set_cpu_rate(intptr_t hz) {
  if (hz > 1000000) hz = 1000000;
  if (hz > 0) {
    intptr_t zero = 0;
    if (!ensure_slots() || !atomic_compare_exchange_strong(&prof_hz, &zero, hz)) {
      sched_print_str("runtime: cannot set cpu profile rate until previous profile has finished.\n");
      return;
    }
    if (!atomic_exchange(&prof_handler_installed, 1)) rog_signal_install(SIGPROF, sigprof_handler);
    atomic_store(&prof_eof, 0);
    atomic_store(&prof_lost, 0);
    atomic_store(&prof_lost_total, 0);
    atomic_store(&prof_taken, 0);
    prof_header_hz = hz;
    atomic_store(&prof_header_pending, 1);
    atomic_store(&prof_on, 1);
    set_timer(hz);
    return;
  }
  if (atomic_load(&prof_hz) == 0) return;
  set_timer(0);
  atomic_store(&prof_on, 0);
  while (atomic_load(&prof_inflight) > 0)
    sched_yield();
  atomic_store(&prof_eof, 1);
  atomic_store(&prof_hz, 0);
}

/* ------------------------------------------------------ Go entry points */

void rt_set_cpu_profile_rate(intptr_t hz) __asm__("runtime.SetCPUProfileRate");
void rt_set_cpu_profile_rate(intptr_t hz) {
  prof_set_cpu_rate(hz);
}

intptr_t rt_prof_read(uint64_t *data, intptr_t ndata, void **tags, intptr_t ntags,
                      intptr_t *nrec) __asm__("runtime.profRead");
intptr_t rt_prof_read(uint64_t *data, intptr_t ndata, void **tags, intptr_t ntags, intptr_t *nrec) {
  return prof_read(data, ndata, tags, ntags, nrec);
}

/* runtime/pprof.readProfile: (data []uint64, tags []unsafe.Pointer,
 * eof bool) is seven parts, so both sides return it through sret, as C
 * does for this 56-byte struct. */
typedef struct read_profile_result {
  rog_slice data;
  rog_slice tags;
  bool eof;
} read_profile_result;

/* weak: the C tests link without package runtime */
read_profile_result rt_go_read_profile(void) __asm__("runtime.pprofReadProfile") __attribute__((weak));
read_profile_result rt_pprof_read_profile(void) __asm__("runtime/pprof.readProfile");
read_profile_result rt_pprof_read_profile(void) {
  if (rt_go_read_profile == NULL) {
    read_profile_result eof = {.eof = true};
    return eof;
  }
  return rt_go_read_profile();
}

/* ------------------------------------------------------ goroutine stacks */

/* Reads one word of our own memory without faulting. */
static bool read_word(uintptr_t addr, uintptr_t *out) {
  struct iovec local = {out, sizeof *out};
  struct iovec remote = {(void *)addr, sizeof *out};
  return process_vm_readv(getpid(), &local, 1, &remote, 1, 0) == (ssize_t)sizeof *out;
}

#define RECORD_DEPTH 32 /* runtime.StackRecord.Stack0 */

/* Fills rec (RECORD_DEPTH words, zero-terminated when shorter) from a
 * first PC and a frame pointer. */
static void record_stack(sched_g *g, uintptr_t first, uintptr_t fp, uintptr_t *rec) {
  int n = 0;
  if (first != 0) rec[n++] = first;
  while (n < RECORD_DEPTH && sched_fp_ok(g, fp)) {
    uintptr_t next, ret;
    if (!read_word(fp, &next) || !read_word(fp + 8, &ret) || ret == 0) break;
    rec[n++] = ret;
    fp = next;
  }
  for (int i = n; i < RECORD_DEPTH; i++)
    rec[i] = 0;
}

/* The saved context of a switched-out G: its resume PC and frame pointer
 * (the slots sched_record_context / the context switch fill). */
static void saved_context(sched_g *g, uintptr_t *pc, uintptr_t *fp) {
  *pc = 0, *fp = 0;
  if (g->sp == 0) return;
#if defined(__x86_64__)
  read_word(g->sp + 5 * 8, fp);
  read_word(g->sp + 6 * 8, pc);
#elif defined(__aarch64__)
  read_word(g->sp + 10 * 8, fp);
  read_word(g->sp + 11 * 8, pc);
#endif
}

struct gprof_req {
  sched_g *self;
  uintptr_t self_fp;
  uintptr_t *recs;
  intptr_t cap;
  void **labels;
  intptr_t n;
};

static void *labels_of(sched_g *g) {
  return g->prof_labels_goid == g->goid ? g->prof_labels : NULL;
}

static void gprof_sys(void *arg) {
  struct gprof_req *r = arg;
  sched_mutex_lock(&sched.allglock);
  for (size_t i = 0; i < sched.nallgs; i++) {
    sched_g *g = sched.allgs[i];
    uint32_t st = atomic_load(&g->status);
    if (st == G_DEAD || st == G_IDLE || g->is_g0 || rt_is_system_goroutine(g->fn)) continue;
    if (r->n < r->cap) {
      uintptr_t *rec = r->recs + r->n * RECORD_DEPTH;
      if (g == r->self) {
        record_stack(g, 0, r->self_fp, rec);
      } else {
        uintptr_t pc, fp;
        saved_context(g, &pc, &fp);
        record_stack(g, pc ? pc + 1 : 0, fp, rec);
      }
      if (r->labels) r->labels[r->n] = labels_of(g);
    }
    r->n++;
  }
  sched_mutex_unlock(&sched.allglock);
}

static intptr_t goroutine_profile(uintptr_t self_fp, uintptr_t *recs, intptr_t cap, void **labels) {
  struct gprof_req r = {sched_getg(), self_fp, recs, cap, labels, 0};
  sched_systemstack(gprof_sys, &r);
  return r.n;
}

/* runtime.goroutineProfile: fills up to cap records and returns how many
 * goroutines there are. The caller's own stack starts at the caller of
 * its caller (runtime.GoroutineProfile's caller). */
intptr_t rt_goroutine_profile(uintptr_t *recs, intptr_t cap,
                              void **labels) __asm__("runtime.goroutineProfile");
__attribute__((noinline)) intptr_t rt_goroutine_profile(uintptr_t *recs, intptr_t cap, void **labels) {
  uintptr_t fp = (uintptr_t)__builtin_frame_address(0);
  return goroutine_profile(((uintptr_t *)fp)[0], recs, cap, labels);
}

/* runtime/pprof.runtime_goroutineProfileWithLabels(p []StackRecord,
 * labels []unsafe.Pointer) (n int, ok bool): two results of different
 * sizes, so Go returns them through sret, which a C function returning a
 * 16-byte struct would not do (registers). The symbol is a trampoline
 * that moves the sret pointer (rdi on amd64: already the first argument;
 * x8 on arm64) into the first parameter of gprof_with_labels. */
typedef struct gprof_result {
  intptr_t n;
  bool ok;
} gprof_result;

__attribute__((used, noinline)) static void gprof_with_labels(gprof_result *out, uintptr_t *p, intptr_t plen,
                                                              intptr_t pcap, void **l, intptr_t llen,
                                                              intptr_t lcap) {
  (void)pcap;
  (void)lcap;
  if (l != NULL && llen != plen) l = NULL;
  /* own stack from the caller of pprof's writeRuntimeProfile, which
   * calls this function as a func value, through the compiler's "-nest"
   * thunk (compiler/lower/closure.c): skip the thunk's frame */
  uintptr_t fp = (uintptr_t)__builtin_frame_address(0);
  intptr_t n = goroutine_profile(((uintptr_t *)fp)[0], p, plen, l);
  out->n = n;
  out->ok = n <= plen;
}

#if defined(__x86_64__)
__asm__(".text\n"
        ".globl \"runtime/pprof.runtime_goroutineProfileWithLabels\"\n"
        ".type \"runtime/pprof.runtime_goroutineProfileWithLabels\",@function\n"
        "\"runtime/pprof.runtime_goroutineProfileWithLabels\":\n"
        "  jmp gprof_with_labels\n"
        ".size \"runtime/pprof.runtime_goroutineProfileWithLabels\", "
        ".-\"runtime/pprof.runtime_goroutineProfileWithLabels\"\n");
#elif defined(__aarch64__)
__asm__(".text\n"
        ".globl \"runtime/pprof.runtime_goroutineProfileWithLabels\"\n"
        ".type \"runtime/pprof.runtime_goroutineProfileWithLabels\",%function\n"
        "\"runtime/pprof.runtime_goroutineProfileWithLabels\":\n"
        "  mov x6, x5\n"
        "  mov x5, x4\n"
        "  mov x4, x3\n"
        "  mov x3, x2\n"
        "  mov x2, x1\n"
        "  mov x1, x0\n"
        "  mov x0, x8\n"
        "  b gprof_with_labels\n"
        ".size \"runtime/pprof.runtime_goroutineProfileWithLabels\", "
        ".-\"runtime/pprof.runtime_goroutineProfileWithLabels\"\n");
#endif

/* ------------------------------------------------ runtime/pprof's hooks */

void rt_pprof_set_labels(void *labels) __asm__("runtime/pprof.runtime_setProfLabel");
void rt_pprof_set_labels(void *labels) {
  sched_g *g = sched_getg();
  if (g == NULL) return;
  g->prof_labels = labels;
  g->prof_labels_goid = g->goid;
}

void *rt_pprof_get_labels(void) __asm__("runtime/pprof.runtime_getProfLabel");
void *rt_pprof_get_labels(void) {
  sched_g *g = sched_getg();
  return g ? labels_of(g) : NULL;
}

/* rog keeps no inline tables: every PC is one frame, nothing to expand.
 * A 24-byte result: sret on both sides. */
rog_slice
rt_pprof_expand_final_inline_frame(uintptr_t *p, intptr_t len,
                                   intptr_t cap) __asm__("runtime/pprof.runtime_expandFinalInlineFrame");
rog_slice rt_pprof_expand_final_inline_frame(uintptr_t *p, intptr_t len, intptr_t cap) {
  rog_slice s = {p, len, cap};
  return s;
}

/* Block-profile cycles are nanoseconds under rog (no block profile yet). */
int64_t rt_pprof_cycles_per_second(void) __asm__("runtime/pprof.runtime_cyclesPerSecond");
int64_t rt_pprof_cycles_per_second(void) {
  return 1000000000;
}

/* ------------------------------------------------ runtime/trace's hooks */

/* Execution tracing never starts under rog (runtime.StartTrace fails), so
 * runtime/trace's annotations have nothing to record. */
void rt_trace_task_create(uint64_t id, uint64_t parent, const uint8_t *p,
                          intptr_t n) __asm__("runtime/trace.userTaskCreate");
void rt_trace_task_create(uint64_t id, uint64_t parent, const uint8_t *p, intptr_t n) {
  (void)id, (void)parent, (void)p, (void)n;
}

void rt_trace_task_end(uint64_t id) __asm__("runtime/trace.userTaskEnd");
void rt_trace_task_end(uint64_t id) {
  (void)id;
}

void rt_trace_region(uint64_t id, uint64_t mode, const uint8_t *p,
                     intptr_t n) __asm__("runtime/trace.userRegion");
void rt_trace_region(uint64_t id, uint64_t mode, const uint8_t *p, intptr_t n) {
  (void)id, (void)mode, (void)p, (void)n;
}

void rt_trace_log(uint64_t id, const uint8_t *cp, intptr_t cn, const uint8_t *mp,
                  intptr_t mn) __asm__("runtime/trace.userLog");
void rt_trace_log(uint64_t id, const uint8_t *cp, intptr_t cn, const uint8_t *mp, intptr_t mn) {
  (void)id, (void)cp, (void)cn, (void)mp, (void)mn;
}
