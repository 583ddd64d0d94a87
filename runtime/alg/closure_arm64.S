/*
 * runtime/alg/closure_arm64.S: calling Go func values from C (arm64).
 *
 * Same contract as closure_amd64.S; the nest register is x18 on arm64
 * (rog/abi.h). The trampolines shift x1, x2 into x0, x1, put the closure in
 * x18 and branch to its code with the C return address still in x30.
 */
        .text

        .globl  alg_call_hasher
        .hidden alg_call_hasher
        .type   alg_call_hasher, %function
        .globl  alg_call_equal
        .hidden alg_call_equal
        .type   alg_call_equal, %function
alg_call_hasher:
alg_call_equal:
        mov     x18, x0
        mov     x0, x1
        mov     x1, x2
        ldr     x16, [x18]
        br      x16
        .size   alg_call_hasher, .-alg_call_hasher
        .size   alg_call_equal, .-alg_call_equal

        .globl  rog_memhash_varlen
        .type   rog_memhash_varlen, %function
rog_memhash_varlen:
        ldr     x2, [x18, #8]
        b       rog_memhash
        .size   rog_memhash_varlen, .-rog_memhash_varlen

        .globl  rog_memequal_varlen
        .type   rog_memequal_varlen, %function
rog_memequal_varlen:
        ldr     x2, [x18, #8]
        b       rog_memequal
        .size   rog_memequal_varlen, .-rog_memequal_varlen

        .section .note.GNU-stack,"",%progbits
