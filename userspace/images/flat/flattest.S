/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A flat binary for nvmx-run --flat 0x300000: entered in 32-bit protected
 * mode at its first byte.  Prints with one REP OUTSB (string I/O), checks
 * that a port with no device reads all ones at widths 1, 2 and 4, and exits
 * through isa-debug-exit with 0x2a (status 85), or 0x7f if a read was wrong.
 */
	.code32
	.section .text, "ax"
	.globl _start
_start:
	movw $0x99, %dx		/* no device at 0x99 */
	inb %dx, %al
	cmpb $0xff, %al
	jne bad
	inw %dx, %ax
	cmpw $0xffff, %ax
	jne bad
	inl %dx, %eax
	cmpl $0xffffffff, %eax
	jne bad
	movl $msg, %esi
	movl $(msg_end - msg), %ecx
	movw $0x3f8, %dx
	cld
	rep outsb
	movb $0x2a, %al
	outb %al, $0xf4
	jmp stop
bad:
	movb $0x7f, %al
	outb %al, $0xf4
stop:
	cli
	hlt
	jmp stop

msg:
	.ascii "nvmx flat: hello from a flat binary (rep outsb)\n"
	.ascii "unassigned port 0x99 reads all ones: checked\n"
msg_end:
