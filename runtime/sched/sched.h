/*
 * runtime/sched: the goroutine scheduler's internal interface, shared by
 * runtime/{sched,stack,chan,time,netpoll,sys,signal}. Generated code never
 * includes this; it sees only rog/abi.h. Design: sched.c.
 *
 * Glossary (gc's names):
 *   G  a goroutine: saved SP, stack segments, status, wait reason.
 *   M  an OS thread; runs Gs on behalf of a P; has its own g0 (the thread's
 *      system stack) where the scheduler loop and deep runtime code run.
 *   P  a processor: the right to run Go code. GOMAXPROCS of them; each owns a
 *      local run queue, a G free list, a stack-segment cache and a timer heap.
 */
#ifndef ROG_SCHED_H
#define ROG_SCHED_H

#ifndef __cplusplus
#include <stdatomic.h>
#endif
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rog/abi.h"
#include "runtime/sched/lock.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sched_g sched_g;
typedef struct sched_m sched_m;
typedef struct sched_p sched_p;
typedef struct stack_seg stack_seg;
typedef struct rog_timer rog_timer;

enum sched_gstatus {
  G_IDLE,     /* just allocated, or in a free list */
  G_RUNNABLE, /* in a run queue */
  G_RUNNING,  /* owned by an M, on a CPU */
  G_SYSCALL,  /* running in a system call, P may be taken away */
  G_WAITING,  /* parked; sched_ready makes it runnable */
  G_DEAD,     /* exited; the G and its first segment are cached for reuse */
};

/* Callee-saved general registers: rbx rbp r12-r15 on amd64, x19-x30 on
 * arm64 (sched_record_context). */
#if defined(__aarch64__)
#define SCHED_CALLEE_SAVED 12
#else
#define SCHED_CALLEE_SAVED 6
#endif

struct sched_g {
  /* Hot part, two cache lines (Gs are 64-byte aligned; sched_test checks
   * the offsets). With 100k+ goroutines queued, a G has gone cold by the
   * time it runs, and again by the time it is reused, so what matters is
   * how many lines each step touches:
   *   go statement (newproc, a G from a free list): the first line only;
   *     gfput laid out its stack and reset the rest when it died, while
   *     its lines and stack top were still in the cache (`ready`);
   *   run and exit: both lines and the stack top.
   * The first line: what spawning, queueing and switching to a G use. */
  uintptr_t sp;          /* saved SP while switched out (callee-saved regs below it) */
  uintptr_t stack_guard; /* the guard of seg, loaded into rog_tls when running */
  void (*fn)(void *);
  void *arg;
  int64_t goid;
  sched_g *schedlink; /* run queues / free lists */
  uintptr_t gopc;     /* return address of the go statement that created it */
  _Atomic uint32_t status;
  bool is_g0;
  bool ready; /* dead with its first segment laid out for a first switch (gfput, malg) */
  /* The second line: stacks, locking, the defer fast path. */
  stack_seg *seg;       /* innermost segment in use */
  stack_seg *seg_cache; /* last segment unwound, kept against hot splits */
  size_t stack_total;   /* bytes of all segments in use (for the max-stack check) */
  sched_m *lockedm;     /* LockOSThread */
  /* runtime/panic (abi.h [panic]); reset by gfput */
  void *defer_top;  /* newest rog_defer_frame of this G */
  void *panic_top;  /* newest active panic record (on this G's stack) */
  void *defer_pool; /* finished defer records for reuse (heap objects) */
  uint16_t sig;     /* signal that raised the current panic, or 0 */
  /* cold part */
  uint32_t lockedcount;   /* 0 whenever lockedm is NULL (goexit clears both) */
  const char *waitreason; /* gc's wait reason ("chan receive", "sleep", ...); NULL unless parked */
  void *param;            /* handed over by the waker (select: the winning sudog); stale after use */
  _Atomic uint32_t selectdone;
  struct sudog *waiting;  /* sudogs of a blocked select */
  rog_timer *sleep_timer; /* reused by sched_sleep */
  void *tsan_fiber;       /* ThreadSanitizer builds: the G's fiber */
  uintptr_t sigcode, sigaddr, sigpc;
  /* callee-saved registers of a goroutine that left its stack without a
   * context switch (sched_record_context); the G is a GC root range */
  uintptr_t blocked_regs[SCHED_CALLEE_SAVED];
  /* runtime/pprof's labels (runtime/rt/prof.c): valid only while
   * prof_labels_goid == goid, so a reused G never shows a dead one's
   * labels and newproc needs no reset. G structs are GC roots, which keeps
   * the label map alive. */
  void *prof_labels;
  int64_t prof_labels_goid;
  /* GC handshakes (gchandshake.c): held while an M has this G on a CPU or
   * the collector runs a callback for it; the last round done for it */
  _Atomic uint32_t hs_lock;
  _Atomic uint32_t hs_done;
} __attribute__((aligned(64)));

enum sched_pstatus { P_IDLE, P_RUNNING, P_SYSCALL, P_STOP };

#define SCHED_RUNQ_SIZE 256
#define SCHED_SEGCACHE 32

struct sched_p {
  int id;
  _Atomic uint32_t status;
  sched_m *m;                /* owner while P_RUNNING / P_SYSCALL */
  sched_p *link;             /* idle list */
  _Atomic uint32_t runqhead; /* consumers (owner + thieves) CAS */
  _Atomic uint32_t runqtail; /* only the owner stores */
  _Atomic(sched_g *) runq[SCHED_RUNQ_SIZE];
  _Atomic(sched_g *) runnext; /* runs next, inherits the time slice */
  uint32_t schedtick;         /* ++ on every schedule (read racily by sysmon) */
  _Atomic uint32_t syscalltick;
  sched_g *gfree; /* dead Gs (with their first segment) */
  int ngfree;
  /* goroutine ids handed out in batches (gc's goidcache): no shared
   * counter is written on every go statement */
  int64_t goidcache, goidcacheend;
  /* goroutines created minus goroutines exited on this P (owner writes,
   * sched_num_goroutine sums over all Ps; may go negative) */
  _Atomic int64_t ngoroutines;
  stack_seg *segcache[SCHED_SEGCACHE]; /* free first-size segments */
  int nsegcache;
  struct sudog *sudogcache;
  uint64_t fastrand;
  /* timers (runtime/time) */
  sched_mutex timerlock;
  rog_timer **timers; /* 4-ary min-heap by when */
  int ntimers, captimers;
  _Atomic int64_t timer0when; /* when of timers[0], 0 if none */
  _Atomic uint32_t timersrunning;
  /* sysmon */
  uint32_t sysmon_tick;
  int64_t sysmon_when;
  uint32_t sysmon_syscalltick;
};

enum sched_hook { HOOK_NONE, HOOK_PARK, HOOK_YIELD_LOCAL, HOOK_YIELD_GLOBAL, HOOK_EXIT };

struct sched_m {
  int id;
  rog_tls_block *tls;
  sched_g *g0;
  sched_g *curg;
  sched_p *p;
  sched_p *nextp; /* handed over by startm */
  sched_p *oldp;  /* P held before entering a syscall */
  bool spinning;
  bool exiting; /* M0 leaving sched_main */
  sched_note park;
  sched_m *schedlink; /* idle list */
  sched_m *alllink;
  sched_g *lockedg;
  sched_g *nextg;   /* run this G next (handed over by startlockedm) */
  bool in_midle;    /* in sched.midle (under sched.lock) */
  bool locked_idle; /* waiting in stoplockedm */
  /* Work to do right after the next context switch lands on this M, once
   * the previous G is off its stack (see sched.c, "hooks"). */
  int hook;
  sched_g *hook_g;
  bool (*hook_fn)(sched_g *, void *);
  void *hook_arg;
  uintptr_t g0_stack_lo;
  uint32_t locks; /* > 0: no preemption at checkpoints (sync's procPin) */
  /* GC handshakes (gchandshake.c): held while the M may use its cache;
   * the last round done for it; the G whose lock the next landing drops */
  _Atomic uint32_t hs_lock;
  _Atomic uint32_t hs_done;
  sched_g *hs_release;
};

/* ------------------------------------------------------------ public C API */

/* Initializes the scheduler once (later calls do nothing): GOMAXPROCS Ps
 * (env GOMAXPROCS, else the CPUs in sched_getaffinity), the calling thread
 * as M0, the sysmon thread, ROG_OPTS. */
void sched_init(void);
/* Runs fn(arg) as the main goroutine on the scheduler; returns when it
 * returns (the caller then exits, like Go's main). Other goroutines keep
 * their state; the next sched_main call continues with them. */
void sched_main(void (*fn)(void *), void *arg);
/* go fn(arg) */
void sched_go(void (*fn)(void *), void *arg);
/* The same, recording gopc (the go statement's return address) for the
 * "created by" line of tracebacks. */
void sched_go_pc(void (*fn)(void *), void *arg, uintptr_t gopc);
void sched_gosched(void);
__attribute__((noreturn)) void sched_goexit(void);
int64_t sched_goid(void);
int sched_num_goroutine(void);
int sched_gomaxprocs(void);
void sched_lock_os_thread(void);
void sched_unlock_os_thread(void);
/* Runs fn(arg) on the current thread's system stack (g0), for C code that is
 * deep or calls libc. fn must not park. Before switching, the goroutine's
 * SP and callee-saved registers are recorded (sched_record_context), so
 * the collector scans the goroutine it left correctly even when fn runs a
 * whole collection. */
void sched_systemstack(void (*fn)(void *), void *arg);
/* Records the calling goroutine's current SP in g->sp and its callee-saved
 * registers in g->blocked_regs (a GC root, being inside the G), for a
 * goroutine that leaves its stack without a context switch (system stack,
 * system call, blocking on the collector). g must be the running G and the
 * caller must be on its stack. */
void sched_record_context(sched_g *g);

/* Park the current goroutine with a wait reason. After the switch away
 * (when the G is off its stack) commit(g, arg) runs on the next context;
 * it typically releases the lock that protects the wait queue. If commit
 * returns false the G is made runnable again at once. commit may be NULL. */
void sched_park(const char *reason, bool (*commit)(sched_g *, void *), void *arg);
/* Commit function that unlocks the sched_mutex passed as arg. */
bool sched_park_unlock(sched_g *g, void *mutex);
/* Make a parked G runnable (it runs next on this P). Callable from any
 * goroutine, from g0, and from threads outside the scheduler. */
void sched_ready(sched_g *g);
sched_g *sched_getg(void);
sched_m *sched_getm(void);

/* Stop-the-world for the GC: returns with every other P stopped (their Gs
 * parked at checkpoints, in the scheduler, or in syscalls without a P). */
void sched_stop_the_world(const char *reason);
void sched_start_the_world(void);
/* The GC's view of the world (runtime/gc's gc_world_ops, branch alloc):
 * stop/start as above; roots = every goroutine stack range (all segments,
 * from the saved SP up; the caller's own from its current SP, registers
 * spilled), every G, every P's timer heap, every channel buffer. Ranges
 * are conservative: every aligned word may be a pointer. */
typedef void (*sched_root_visitor)(void *ctx, const void *lo, const void *hi);
void sched_gc_for_each_root_range(sched_root_visitor v, void *ctx);

/* GC handshakes (gchandshake.c; runtime/rt installs them as the
 * collector's gc_world_ops.handshake). sched_handshake runs fn once for
 * every M (fn(arg, NULL, m): its allocation cache, m->tls->cache), every
 * live G (fn(arg, g, NULL): its stack and G struct,
 * sched_gc_for_each_g_root_range) and, if shared, once for the roots of
 * nobody (fn(arg, NULL, NULL)); an M at its checkpoint covers itself and
 * its G in one call (fn(arg, g, m)). Each runs at that mutator's next safe
 * point or, for a mutator that is not running, on the caller's thread
 * while it is held. Returns when all have run. One at a time; never
 * during a stop-the-world. */
typedef void (*sched_hs_fn)(void *arg, sched_g *g, sched_m *m);
void sched_handshake(sched_hs_fn fn, void *arg, bool shared);
/* Longest time one M lost to handshakes since the last call, in ns. */
uint64_t sched_hs_take_pause(void);
/* The roots of one G that is not running or is the caller's (its SP and
 * registers recorded): its G struct and its stack segments from g->sp. */
void sched_gc_for_each_g_root_range(sched_g *g, sched_root_visitor v, void *ctx);
/* The roots that belong to no G: timer heaps and channel buffers. */
void sched_gc_for_each_shared_root_range(sched_root_visitor v, void *ctx);
/* The collector's barrier for runtime C that moves Go values into roots it
 * scans once per cycle (channel buffers, another goroutine's stack: chan.c
 * copy_elem) or puts heap objects into the timer heaps (timer.c), while it
 * marks. Installed by runtime/rt (the collector's rog_wb_enabled,
 * rog_write_barrier_bulk and a shade); NULL without a collector. */
extern const volatile uint32_t *sched_wb_enabled;
extern void (*sched_wb_copy)(void *dst, const void *src, size_t n, const rog_type *type);
extern void (*sched_wb_shade)(const void *p);
static inline bool sched_wb_on(void) {
  return sched_wb_enabled && __atomic_load_n(sched_wb_enabled, __ATOMIC_RELAXED);
}
/* sched.c's hooks into gchandshake.c */
extern _Atomic uint32_t sched_hs_active;
void sched_hs_switch_in(sched_m *m, sched_g *from, sched_g *to);
void sched_hs_landed(sched_m *m);
bool sched_hs_checkpoint(sched_m *m, sched_g *g);
void sched_hs_entersyscall(sched_m *m, sched_g *g);
void sched_hs_exitsyscall(sched_m *m, sched_g *g);
void sched_hs_newproc(sched_g *g);
void sched_hs_m_release(sched_m *m);
void sched_hs_m_acquire(sched_m *m);
void sched_hs_idle(sched_m *m);

/* syscalls (runtime/sys) */
void sched_entersyscall(void);
void sched_exitsyscall(void);

/* fast per-P random numbers */
uint32_t sched_fastrand(void);
uint32_t sched_fastrandn(uint32_t n);

/* --------------------------------------------------- runtime-internal use */

/* The TLS block of the current thread, re-read on every call: a goroutine
 * can move between threads at any park, so the compiler must not cache
 * &rog_tls across one (clang treats the TLS address as constant within a
 * function). */
static inline rog_tls_block *sched_tls(void) {
  rog_tls_block *t;
#if defined(__x86_64__)
  __asm__ volatile("movq rog_tls@gottpoff(%%rip), %0\n\taddq %%fs:0, %0" : "=r"(t));
#elif defined(__aarch64__)
  uintptr_t tp;
  __asm__ volatile("adrp %0, :gottprel:rog_tls\n\t"
                   "ldr %0, [%0, #:gottprel_lo12:rog_tls]\n\t"
                   "mrs %1, tpidr_el0\n\t"
                   "add %0, %0, %1"
                   : "=&r"(t), "=&r"(tp));
#else
#error "unsupported architecture"
#endif
  return t;
}

extern struct sched_globals {
  sched_mutex lock;
  _Atomic int initialized;
  int gomaxprocs;
  sched_p **allp;
  sched_m *allm;
  int mcount, nmidle, nmidlelocked;
  sched_m *midle;
  sched_p *pidle;
  _Atomic int npidle;
  _Atomic int nmspinning;
  sched_g *runqhead, *runqtail;
  _Atomic int runqsize;
  sched_g *gfree; /* global free Gs, each with its first segment */
  int ngfree;
  /* global free Gs whose segment sched_purge_free_stacks freed (gc's
   * gFree.noStack); gfget takes from gfree first */
  sched_g *gfree_nostack;
  int ngfree_nostack;
  /* Written rarely (a batch of ids per P, goroutines started or ended
   * without a P), kept off the cache line of the fields above, which every
   * P reads on each switch (runqsize, npidle, nmspinning). */
  _Alignas(64) _Atomic int64_t goidgen;
  _Atomic int64_t ngoroutines;
  /* all Gs ever created (Gs are reused, never freed) */
  sched_mutex allglock;
  sched_g **allgs;
  size_t nallgs, capallgs;
  /* main goroutine */
  sched_g *main_g;
  sched_m *m0;
  _Atomic int main_done;
  _Atomic int main_goexit; /* the main goroutine called runtime.Goexit (parked for good) */
  /* stop the world */
  _Atomic uint32_t gcwaiting;
  int stopwait;
  sched_note stopnote;
  /* timers and netpoll, for the idle path and deadlock detection */
  _Atomic int64_t ntimers;
  _Atomic int netpoll_waiters;
  _Atomic int netpoll_blocked;
  _Atomic int64_t lastpoll;
} sched;

/* After a GC cycle (runtime/rt's cycle-start hook calls the request; it
 * only sets a flag, so it is fine with the world stopped): frees the first
 * segments of the Gs on the global free list and unmaps the slab chunks
 * left all free (stack_release_free). sysmon runs it when requested and
 * unmaps 16 MiB per tick, so it keeps preempting meanwhile; any context may
 * call sched_purge_free_stacks directly, which unmaps everything before it
 * returns the bytes unmapped. */
void sched_request_stack_purge(void);
size_t sched_purge_free_stacks(void);
uint32_t sched_stack_purges(void); /* purges run so far */

void sched_readylist_inject(sched_g *list); /* linked by schedlink */
void sched_wakep(void);
void sched_fatal(const char *msg) __attribute__((noreturn));
/* prints "goroutine N [reason]:" and a frame-pointer traceback */
void sched_print_goroutine(sched_g *g, bool running, uintptr_t fp);
void sched_print_str(const char *s);
void sched_print_frame(uintptr_t pc);              /* one frame: name(...) and offset */
void sched_print_frames(sched_g *g, uintptr_t fp); /* a frame-pointer walk */
/* Is [fp, fp+16) a frame record inside one of g's stack segments (any
 * aligned nonzero address for g0 or an unknown g)? */
bool sched_fp_ok(sched_g *g, uintptr_t fp);

/* assembly (runtime/arch/ARCH/switch.S) */
void rog_ctx_switch(uintptr_t *save_sp, uintptr_t new_sp);
void rog_ctx_start(void);
void rog_call_on_stack(void (*fn)(void *), void *arg, uintptr_t sp);

/* runtime/time hooks used by the scheduler */
int64_t timers_run(sched_p *p, int64_t now); /* runs expired timers; next when or 0 */
int64_t timers_earliest(void);               /* over all Ps, 0 if none */

/* runtime/netpoll hooks used by the scheduler */
sched_g *netpoll(int64_t delay_ns); /* ready Gs linked by schedlink */
void netpoll_break(void);
bool netpoll_inited(void);

#ifdef __cplusplus
}
#endif
#endif
