/*
 * runtime/alg/closure_amd64.S: calling Go func values from C (amd64).
 *
 * A func value is a pointer to a closure whose first word is the code
 * pointer; generated code passes the closure pointer in the nest register,
 * r10 on amd64 (rog/abi.h). C cannot name that register, so these
 * trampolines shift the C arguments down by one, put the closure in r10 and
 * tail-jump to the code: no frame, no extra return.
 *
 * rog_memhash_varlen / rog_memequal_varlen are the code of gc-style
 * two-word closures {fn, size}: they load the size from the closure and
 * tail-call the sized C function.
 */
        .text

        .globl  alg_call_hasher
        .hidden alg_call_hasher
        .type   alg_call_hasher, @function
        .globl  alg_call_equal
        .hidden alg_call_equal
        .type   alg_call_equal, @function
        /* (closure rdi, a0 rsi, a1 rdx) -> closure r10, (a0 rdi, a1 rsi) */
alg_call_hasher:
alg_call_equal:
        movq    %rdi, %r10
        movq    %rsi, %rdi
        movq    %rdx, %rsi
        jmpq    *(%r10)
        .size   alg_call_hasher, .-alg_call_hasher
        .size   alg_call_equal, .-alg_call_equal

        .globl  rog_memhash_varlen
        .type   rog_memhash_varlen, @function
        /* (p rdi, seed rsi), closure r10 = {fn, size} */
rog_memhash_varlen:
        movq    8(%r10), %rdx
        jmp     rog_memhash
        .size   rog_memhash_varlen, .-rog_memhash_varlen

        .globl  rog_memequal_varlen
        .type   rog_memequal_varlen, @function
rog_memequal_varlen:
        movq    8(%r10), %rdx
        jmp     rog_memequal
        .size   rog_memequal_varlen, .-rog_memequal_varlen

        .section .note.GNU-stack,"",@progbits
