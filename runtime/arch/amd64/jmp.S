/*
 * rog_setjmp / rog_longjmp / rog_call_closure for amd64 (System V ABI).
 *
 * rog_setjmp(uintptr_t *buf) saves what a later rog_longjmp needs to resume
 * right after the call, as if rog_setjmp had returned again:
 *   buf[0..5]  rbx rbp r12 r13 r14 r15   (callee-saved)
 *   buf[6]     SP after the return       (rsp + 8 at entry)
 *   buf[7]     the return address
 * and returns 0. rog_longjmp(buf, val) restores them and "returns" val (1
 * when val is 0) from that rog_setjmp. Unlike libc's setjmp no signal mask
 * is saved and the pointers are not mangled: the buffer lives in a Go frame
 * (rog_defer_frame.jmpbuf, abi.h [panic]) that the conservative GC scans,
 * and a mangled word would hide nothing useful. MXCSR and the x87 control
 * word are not saved: rog never changes them.
 *
 * The compiler marks calls to rog_setjmp returns_twice, so values live
 * across it are in memory, not in caller-saved registers.
 *
 * rog_call_closure1(c, arg) does the same with arg as the closure's one
 * parameter (finalizers).
 *
 * rog_call_closure(const rog_closure *c): calls a nest-only closure (abi.h
 * [rt]): the closure goes into r10 (the nest register) and control jumps to
 * the code pointer in its first word. A tail jump: no frame of its own, so
 * the closure body's caller frame is rog_call_closure's caller (the panic
 * machinery relies on that for recover's argp rule).
 */
	.text

	.globl rog_setjmp
	.type rog_setjmp, @function
	.p2align 4
rog_setjmp:
	movq %rbx, 0(%rdi)
	movq %rbp, 8(%rdi)
	movq %r12, 16(%rdi)
	movq %r13, 24(%rdi)
	movq %r14, 32(%rdi)
	movq %r15, 40(%rdi)
	leaq 8(%rsp), %rdx
	movq %rdx, 48(%rdi)
	movq (%rsp), %rdx
	movq %rdx, 56(%rdi)
	xorl %eax, %eax
	ret
	.size rog_setjmp, .-rog_setjmp

	.globl rog_longjmp
	.type rog_longjmp, @function
	.p2align 4
rog_longjmp:
	movl %esi, %eax
	testl %eax, %eax
	jnz 1f
	movl $1, %eax
1:
	movq 0(%rdi), %rbx
	movq 8(%rdi), %rbp
	movq 16(%rdi), %r12
	movq 24(%rdi), %r13
	movq 32(%rdi), %r14
	movq 40(%rdi), %r15
	movq 48(%rdi), %rsp
	jmpq *56(%rdi)
	.size rog_longjmp, .-rog_longjmp

	.globl rog_call_closure
	.type rog_call_closure, @function
	.p2align 4
rog_call_closure:
	movq %rdi, %r10
	jmpq *(%r10)
	.size rog_call_closure, .-rog_call_closure

	.globl rog_call_closure1
	.type rog_call_closure1, @function
	.p2align 4
rog_call_closure1:
	movq %rdi, %r10
	movq %rsi, %rdi
	jmpq *(%r10)
	.size rog_call_closure1, .-rog_call_closure1

	.globl rog_sigpanic
	.type rog_sigpanic, @function
	.p2align 4
rog_sigpanic:
	pushq %rbp
	movq %rsp, %rbp
	andq $-16, %rsp
	call panic_sigpanic
	ud2
	.size rog_sigpanic, .-rog_sigpanic

	.section .note.GNU-stack,"",@progbits
