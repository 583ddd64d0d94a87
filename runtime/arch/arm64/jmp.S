/*
 * rog_setjmp / rog_longjmp / rog_call_closure for arm64 (AAPCS64).
 *
 * rog_setjmp(uintptr_t *buf) saves:
 *   buf[0..9]   x19-x28      (callee-saved)
 *   buf[10]     x29 (fp)
 *   buf[11]     x30 (lr: where rog_longjmp resumes)
 *   buf[12]     sp
 *   buf[13..20] d8-d15       (low halves of v8-v15, callee-saved)
 * (21 of the ROG_JMPBUF_WORDS = 22 words) and returns 0; rog_longjmp(buf,
 * val) restores them and returns val (1 when val is 0) from that
 * rog_setjmp. No signal mask, no pointer mangling (see the amd64 file).
 *
 * rog_call_closure1(c, arg) does the same with arg as the closure's one
 * parameter (finalizers).
 *
 * rog_call_closure(const rog_closure *c): x18 (the nest register) = c, then
 * a tail branch to the code pointer in c's first word (no frame: see amd64).
 *
 * rog_sigpanic: the fault handler set lr = faulting PC and pc = here; push a
 * frame record {fp, lr} (tracebacks then show the faulting function) and
 * call panic_sigpanic, which does not return. SP is always 16-byte aligned
 * on arm64.
 */
	.text

	.globl rog_setjmp
	.type rog_setjmp, %function
	.p2align 4
rog_setjmp:
	stp x19, x20, [x0, #0]
	stp x21, x22, [x0, #16]
	stp x23, x24, [x0, #32]
	stp x25, x26, [x0, #48]
	stp x27, x28, [x0, #64]
	stp x29, x30, [x0, #80]
	mov x2, sp
	str x2, [x0, #96]
	stp d8, d9, [x0, #104]
	stp d10, d11, [x0, #120]
	stp d12, d13, [x0, #136]
	stp d14, d15, [x0, #152]
	mov x0, #0
	ret
	.size rog_setjmp, .-rog_setjmp

	.globl rog_longjmp
	.type rog_longjmp, %function
	.p2align 4
rog_longjmp:
	ldp x19, x20, [x0, #0]
	ldp x21, x22, [x0, #16]
	ldp x23, x24, [x0, #32]
	ldp x25, x26, [x0, #48]
	ldp x27, x28, [x0, #64]
	ldp x29, x30, [x0, #80]
	ldr x2, [x0, #96]
	mov sp, x2
	ldp d8, d9, [x0, #104]
	ldp d10, d11, [x0, #120]
	ldp d12, d13, [x0, #136]
	ldp d14, d15, [x0, #152]
	cmp w1, #0
	csinc w0, w1, wzr, ne
	ret
	.size rog_longjmp, .-rog_longjmp

	.globl rog_call_closure
	.type rog_call_closure, %function
	.p2align 4
rog_call_closure:
	mov x18, x0
	ldr x16, [x0]
	br x16
	.size rog_call_closure, .-rog_call_closure

	.globl rog_call_closure1
	.type rog_call_closure1, %function
	.p2align 4
rog_call_closure1:
	mov x18, x0
	mov x0, x1
	ldr x16, [x18]
	br x16
	.size rog_call_closure1, .-rog_call_closure1

	.globl rog_sigpanic
	.type rog_sigpanic, %function
	.p2align 4
rog_sigpanic:
	stp x29, x30, [sp, #-16]!
	mov x29, sp
	bl panic_sigpanic
	brk #0
	.size rog_sigpanic, .-rog_sigpanic

	.section .note.GNU-stack,"",%progbits
