/*
 * Context switch and stack switching for amd64 (System V ABI).
 *
 * rog_ctx_switch(uintptr_t *save_sp, uintptr_t new_sp)
 *   Pushes the callee-saved registers (rbp, rbx, r12-r15) on the current
 *   stack, stores SP into *save_sp, loads new_sp and pops the same registers
 *   from there, then returns into the other context. Caller-saved registers
 *   are dead across the call by the ABI, so nothing else needs saving; no
 *   signal mask is touched (rejected: swapcontext/ucontext, which makes a
 *   sigprocmask syscall per switch). MXCSR and the x87 control word are not
 *   switched: rog never changes them (same as gc).
 *
 * A new goroutine's stack is prepared by sched (sched_g_init_stack) as
 *   [top-24]  rog_ctx_start       <- returned to by the first switch
 *   [top-72 .. top-32]  six zero registers (rbp = 0 ends frame-pointer walks)
 * so the first switch "returns" into rog_ctx_start with a 16-byte aligned SP
 * and its `call` enters sched_gostart with SP = 8 mod 16, as the ABI wants.
 *
 * rog_call_on_stack(void (*fn)(void *), void *arg, uintptr_t sp)
 *   Calls fn(arg) with SP = sp (16-byte aligned top of another stack) and
 *   comes back to the original stack. The frame it pushes links rbp to the
 *   caller's frame, so frame-pointer tracebacks walk across segments.
 */
	.text

	.globl rog_ctx_switch
	.type rog_ctx_switch, @function
	.p2align 4
rog_ctx_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	.size rog_ctx_switch, .-rog_ctx_switch

	.globl rog_ctx_start
	.type rog_ctx_start, @function
	.p2align 4
rog_ctx_start:
	xorl %ebp, %ebp
	call sched_gostart
	ud2
	.size rog_ctx_start, .-rog_ctx_start

	.globl rog_call_on_stack
	.type rog_call_on_stack, @function
	.p2align 4
rog_call_on_stack:
	pushq %rbp
	movq %rsp, %rbp
	movq %rdx, %rsp
	movq %rdi, %rax
	movq %rsi, %rdi
	call *%rax
	movq %rbp, %rsp
	popq %rbp
	ret
	.size rog_call_on_stack, .-rog_call_on_stack

	.section .note.GNU-stack,"",@progbits
