/*
 * Context switch and stack switching for arm64 (AAPCS64).
 *
 * rog_ctx_switch(uintptr_t *save_sp, uintptr_t new_sp)
 *   Saves the callee-saved registers x19-x28, fp (x29), lr (x30) and the low
 *   halves d8-d15 of v8-v15 in a 160-byte block on the current stack, stores
 *   SP into *save_sp, loads new_sp, restores the same block from there and
 *   returns through the restored lr. x18 (the closure `nest` register in
 *   rog's ABI) is caller-saved for rog. No signal mask is touched.
 *
 * A new goroutine's stack is prepared by sched as a 160-byte block at
 * top-160 whose lr slot holds rog_ctx_start and whose fp slot is 0.
 *
 * rog_call_on_stack(void (*fn)(void *), void *arg, uintptr_t sp)
 *   Calls fn(arg) with SP = sp and comes back; the frame record it pushes
 *   links fp across stacks so frame-pointer tracebacks cross segments.
 */
	.text

	.globl rog_ctx_switch
	.type rog_ctx_switch, %function
	.p2align 4
rog_ctx_switch:
	sub sp, sp, #160
	stp x19, x20, [sp, #0]
	stp x21, x22, [sp, #16]
	stp x23, x24, [sp, #32]
	stp x25, x26, [sp, #48]
	stp x27, x28, [sp, #64]
	stp x29, x30, [sp, #80]
	stp d8, d9, [sp, #96]
	stp d10, d11, [sp, #112]
	stp d12, d13, [sp, #128]
	stp d14, d15, [sp, #144]
	mov x2, sp
	str x2, [x0]
	mov sp, x1
	ldp x19, x20, [sp, #0]
	ldp x21, x22, [sp, #16]
	ldp x23, x24, [sp, #32]
	ldp x25, x26, [sp, #48]
	ldp x27, x28, [sp, #64]
	ldp x29, x30, [sp, #80]
	ldp d8, d9, [sp, #96]
	ldp d10, d11, [sp, #112]
	ldp d12, d13, [sp, #128]
	ldp d14, d15, [sp, #144]
	add sp, sp, #160
	ret
	.size rog_ctx_switch, .-rog_ctx_switch

	.globl rog_ctx_start
	.type rog_ctx_start, %function
	.p2align 4
rog_ctx_start:
	mov x29, #0
	mov x30, #0
	bl sched_gostart
	brk #0
	.size rog_ctx_start, .-rog_ctx_start

	.globl rog_call_on_stack
	.type rog_call_on_stack, %function
	.p2align 4
rog_call_on_stack:
	stp x29, x30, [sp, #-16]!
	mov x29, sp
	mov sp, x2
	mov x3, x0
	mov x0, x1
	blr x3
	mov sp, x29
	ldp x29, x30, [sp], #16
	ret
	.size rog_call_on_stack, .-rog_call_on_stack

	.section .note.GNU-stack,"",%progbits
