/*
 * runtime/sys/std_net.c: runtime hooks for the std packages net/http's
 * dependency graph reaches (hash/maphash, crypto/tls's
 * vendor/golang.org/x/sys/cpu) that gc implements in package runtime or in
 * assembly.
 *
 * hash/maphash: runtime_fastrand64 and runtime_memhash are
 * //go:linkname'd to runtime.fastrand64 and runtime.memhash
 * (compiler/lower/linkname.c), defined here on the scheduler's fastrand
 * and the map hash (rog_memhash, abi.h [maps]).
 *
 * crypto/internal/boring/sig: StandardCrypto, BoringCrypto and FIPSOnly
 * are empty assembly functions whose only purpose is a symbol in the
 * binary that tools look for; crypto/internal/boring's Unreachable calls
 * StandardCrypto. Empty C functions under the same names.
 *
 * vendor/golang.org/x/sys/cpu: its init (cpu_x86.go archInit) executes
 * CPUID and XGETBV through assembly (cpu_gc_x86.go declares them bodyless;
 * cpu_x86.s). Unlike std's internal/cpu, which rog overlays with every
 * feature false so std takes its portable paths, x/sys/cpu reports the
 * real features as under gc: its only std users
 * (golang.org/x/crypto/chacha20poly1305 and friends) are built without
 * their assembly (compiler/driver/buildctx.c, noasm packages), so the
 * values only steer portable Go code. On arm64, cpu_linux_arm64.go reads
 * HWCAP from /proc/self/auxv and falls back to the ID registers
 * (getisar0/getisar1/getpfr0, MRS, which Linux emulates for EL0).
 *
 * Calling convention (abi.h [calls]): cpuid's four uint32 results and
 * xgetbv's two are not two 8-byte parts, so Go passes an sret pointer
 * first; on amd64 that is the first integer argument register and the
 * callee returns it in rax, which is what a C function taking the result
 * pointer first and returning it does. These hooks are amd64-only (the
 * package declares them for 386/amd64), so the arm64 sret register (x8)
 * does not arise.
 *
 * All are leaves far below ROG_STACK_RUNTIME_MAX.
 */
#include <stdint.h>

#include "rog/abi.h"
#include "runtime/sched/sched.h"

uint64_t rt_fastrand64(void) __asm__("runtime.fastrand64");
uint64_t rt_fastrand64(void) {
  return ((uint64_t)sched_fastrand() << 32) | sched_fastrand();
}

uintptr_t rt_memhash(const void *p, uintptr_t seed, uintptr_t size) __asm__("runtime.memhash");
uintptr_t rt_memhash(const void *p, uintptr_t seed, uintptr_t size) {
  return rog_memhash(p, seed, size);
}

void sig_standard_crypto(void) __asm__("crypto/internal/boring/sig.StandardCrypto");
void sig_standard_crypto(void) {}

void sig_boring_crypto(void) __asm__("crypto/internal/boring/sig.BoringCrypto");
void sig_boring_crypto(void) {}

void sig_fips_only(void) __asm__("crypto/internal/boring/sig.FIPSOnly");
void sig_fips_only(void) {}

#if defined(__x86_64__)
typedef struct {
  uint32_t eax, ebx, ecx, edx;
} xcpu_cpuid_ret;

xcpu_cpuid_ret *xcpu_cpuid(xcpu_cpuid_ret *out, uint32_t eax,
                           uint32_t ecx) __asm__("vendor/golang.org/x/sys/cpu.cpuid");
xcpu_cpuid_ret *xcpu_cpuid(xcpu_cpuid_ret *out, uint32_t eax, uint32_t ecx) {
  uint32_t a, b, c, d;
  __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(eax), "c"(ecx));
  out->eax = a;
  out->ebx = b;
  out->ecx = c;
  out->edx = d;
  return out;
}

typedef struct {
  uint32_t eax, edx;
} xcpu_xgetbv_ret;

/* Called only when CPUID reports OSXSAVE (cpu_x86.go). */
xcpu_xgetbv_ret *xcpu_xgetbv(xcpu_xgetbv_ret *out) __asm__("vendor/golang.org/x/sys/cpu.xgetbv");
xcpu_xgetbv_ret *xcpu_xgetbv(xcpu_xgetbv_ret *out) {
  uint32_t a, d;
  __asm__ volatile("xgetbv" : "=a"(a), "=d"(d) : "c"(0));
  out->eax = a;
  out->edx = d;
  return out;
}
#elif defined(__aarch64__)
uint64_t xcpu_getisar0(void) __asm__("vendor/golang.org/x/sys/cpu.getisar0");
uint64_t xcpu_getisar0(void) {
  uint64_t v;
  __asm__ volatile("mrs %0, id_aa64isar0_el1" : "=r"(v));
  return v;
}

uint64_t xcpu_getisar1(void) __asm__("vendor/golang.org/x/sys/cpu.getisar1");
uint64_t xcpu_getisar1(void) {
  uint64_t v;
  __asm__ volatile("mrs %0, id_aa64isar1_el1" : "=r"(v));
  return v;
}

uint64_t xcpu_getpfr0(void) __asm__("vendor/golang.org/x/sys/cpu.getpfr0");
uint64_t xcpu_getpfr0(void) {
  uint64_t v;
  __asm__ volatile("mrs %0, id_aa64pfr0_el1" : "=r"(v));
  return v;
}
#endif
