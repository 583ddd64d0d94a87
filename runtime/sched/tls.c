/*
 * The per-thread block generated code reads (abi.h [tls]). Defined here, by
 * the scheduler, which sets g/m/p and the stack guard on every switch; the
 * allocator owns the `cache` slot. One definition per program: if another
 * runtime part needs to define it, move this file, do not copy it.
 */
#include "rog/abi.h"

__thread rog_tls_block rog_tls __attribute__((tls_model("initial-exec")));
