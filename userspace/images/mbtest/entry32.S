/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry of the multiboot test kernel: EAX = magic, EBX = info (Multiboot
 * 0.6.96 section 3.2).  ESP is undefined there, so the kernel brings its
 * own stack (in .bss, which the loader must have zeroed).
 */
	.section .text.entry, "ax"
	.code32
	.globl _start
_start:
	movl $stack_top, %esp
	pushl %ebx
	pushl %eax
	call mbtest_main
1:	cli
	hlt
	jmp 1b

	.section .bss
	.balign 16
	.globl stack_bottom
stack_bottom:
	.skip 16384
stack_top:
