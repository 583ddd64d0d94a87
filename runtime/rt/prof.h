/*
 * runtime/rt/prof.h: CPU profiling and goroutine profiles (design in
 * prof.c). Go reaches these through its own names (runtime.SetCPUProfileRate,
 * runtime/pprof.readProfile, ...); the declarations here are for the C
 * tests.
 */
#ifndef ROG_RT_PROF_H
#define ROG_RT_PROF_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Deepest stack a CPU sample records (gc's maxCPUProfStack). */
#define PROF_MAX_STACK 64
/* Samples the buffer holds between two reads. */
#define PROF_SLOTS 1024

/* Appends one sample (a stack of n PCs, n <= PROF_MAX_STACK, and its
 * label pointer) to the sample buffer; lock-free and async-signal-safe.
 * Returns false (and counts the sample as lost) when the buffer is full. */
bool prof_buf_add(const uintptr_t *stk, int n, void *tag);

/* Drains the buffer into data/tags in runtime/pprof's record format:
 * the header {3, 0, hz} first after a start, then an overflow record
 * {4, 0, 0, lost} when samples were lost, then {3+n, 0, 1, stk...} per
 * sample. Stops when the next record does not fit. Returns the words
 * written and stores the records in *nrec, or -1 once profiling stopped
 * and everything was read (eof). One reader at a time. */
intptr_t prof_read(uint64_t *data, intptr_t ndata, void **tags, intptr_t ntags, intptr_t *nrec);

/* Starts (hz > 0) or stops (hz <= 0) CPU profiling: runtime.SetCPUProfileRate. */
void prof_set_cpu_rate(intptr_t hz);

/* Samples taken and lost since the last start (for tests). */
uint64_t prof_samples_taken(void);
uint64_t prof_samples_lost(void);

#ifdef __cplusplus
}
#endif
#endif
