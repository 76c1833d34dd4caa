// SPDX-License-Identifier: GPL-2.0
/*
 * 16550A UART at 0x3f8 (COM1) for -serial stdio, enough for a polling
 * driver and the usual initialisation sequence.  Registers (offset, DLAB):
 *
 *   0 DLAB=0  read RBR (next input byte) / write THR (to stdout)
 *   0 DLAB=1  DLL          1 DLAB=1  DLM
 *   1 DLAB=0  IER (low 4 bits kept; no interrupts are raised: no PIC)
 *   2         read IIR (0x01 "no interrupt", 0xc1 with FIFOs on) / write FCR
 *   3 LCR   4 MCR (low 5 bits)   7 SCR: read back what was written
 *   5 LSR: THRE|TEMT always (output is synchronous), DR when input waits
 *   6 MSR: DCD|DSR|CTS, or the MCR outputs mirrored in loopback mode
 *
 * In loopback mode (MCR bit 4) THR bytes go to RBR instead of stdout.
 * Input comes from stdin, polled without blocking when the guest reads
 * LSR or RBR.  One UART shared by all vCPUs, under a mutex.
 */
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "../nvmx-run.h"

#define UART_RX_TX	0
#define UART_IER	1
#define UART_IIR_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_MSR	6
#define UART_SCR	7

#define LCR_DLAB	0x80
#define MCR_LOOP	0x10
#define FCR_ENABLE	0x01
#define LSR_DR		0x01
#define LSR_THRE	0x20
#define LSR_TEMT	0x40
#define IIR_NO_INT	0x01
#define IIR_FIFO	0xc0
#define MSR_CTS		0x10
#define MSR_DSR		0x20
#define MSR_RI		0x40
#define MSR_DCD		0x80

static struct {
	pthread_mutex_t lock;
	uint8_t dll, dlm, ier, fcr, lcr, mcr, scr;
	uint8_t rx[256];
	unsigned int rx_head, rx_tail;	/* ring: head == tail is empty */
	bool stdin_done;
} uart = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.dll = 0x0c,	/* 9600 baud, 8n1: what a PC BIOS leaves */
	.lcr = 0x03,
};

static unsigned int rx_count(void)
{
	return (uart.rx_tail - uart.rx_head) % sizeof(uart.rx);
}

static void rx_push(uint8_t c)
{
	if (rx_count() == sizeof(uart.rx) - 1)
		return;	/* overrun: the byte is lost, as on hardware */
	uart.rx[uart.rx_tail] = c;
	uart.rx_tail = (uart.rx_tail + 1) % sizeof(uart.rx);
}

/* Pull what stdin has ready, without blocking. */
static void rx_poll_stdin(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	uint8_t buf[64];
	ssize_t n, i;

	if (uart.stdin_done || rx_count() || (uart.mcr & MCR_LOOP))
		return;
	if (poll(&p, 1, 0) != 1)
		return;
	n = read(STDIN_FILENO, buf, sizeof(buf));
	if (n <= 0) {
		uart.stdin_done = true;
		return;
	}
	for (i = 0; i < n; i++)
		rx_push(buf[i]);
}

static uint8_t reg_read(uint16_t offset)
{
	uint8_t c;

	switch (offset) {
	case UART_RX_TX:
		if (uart.lcr & LCR_DLAB)
			return uart.dll;
		rx_poll_stdin();
		if (!rx_count())
			return 0;
		c = uart.rx[uart.rx_head];
		uart.rx_head = (uart.rx_head + 1) % sizeof(uart.rx);
		return c;
	case UART_IER:
		return (uart.lcr & LCR_DLAB) ? uart.dlm : uart.ier;
	case UART_IIR_FCR:
		return IIR_NO_INT | ((uart.fcr & FCR_ENABLE) ? IIR_FIFO : 0);
	case UART_LCR:
		return uart.lcr;
	case UART_MCR:
		return uart.mcr;
	case UART_LSR:
		rx_poll_stdin();
		return LSR_THRE | LSR_TEMT | (rx_count() ? LSR_DR : 0);
	case UART_MSR:
		if (!(uart.mcr & MCR_LOOP))
			return MSR_DCD | MSR_DSR | MSR_CTS;
		/* Loopback: DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD. */
		return ((uart.mcr & 0x01) ? MSR_DSR : 0) |
		       ((uart.mcr & 0x02) ? MSR_CTS : 0) |
		       ((uart.mcr & 0x04) ? MSR_RI : 0) |
		       ((uart.mcr & 0x08) ? MSR_DCD : 0);
	default:
		return uart.scr;
	}
}

static void reg_write(uint16_t offset, uint8_t val)
{
	switch (offset) {
	case UART_RX_TX:
		if (uart.lcr & LCR_DLAB)
			uart.dll = val;
		else if (uart.mcr & MCR_LOOP)
			rx_push(val);
		else if (putchar(val) == '\n')
			fflush(stdout);
		break;
	case UART_IER:
		if (uart.lcr & LCR_DLAB)
			uart.dlm = val;
		else
			uart.ier = val & 0x0f;
		break;
	case UART_IIR_FCR:
		uart.fcr = val & 0xc9;	/* bits 1-2 (clear FIFOs) self-clear */
		if (val & 0x02)
			uart.rx_head = uart.rx_tail;
		break;
	case UART_LCR:
		uart.lcr = val;
		break;
	case UART_MCR:
		uart.mcr = val & 0x1f;
		break;
	case UART_LSR:
	case UART_MSR:
		break;	/* read-only status (factory test writes ignored) */
	default:
		uart.scr = val;
		break;
	}
}

/* Wider accesses hit consecutive registers, byte by byte, as on an ISA bus. */
static uint32_t serial_in(uint16_t offset, int size)
{
	uint32_t val = 0;
	int i;

	pthread_mutex_lock(&uart.lock);
	for (i = 0; i < size; i++)
		val |= (uint32_t)(offset + i < 8 ? reg_read(offset + i) : 0xff)
		       << (8 * i);
	pthread_mutex_unlock(&uart.lock);
	return val;
}

static void serial_out(uint16_t offset, int size, uint32_t val)
{
	int i;

	pthread_mutex_lock(&uart.lock);
	for (i = 0; i < size; i++)
		if (offset + i < 8)
			reg_write(offset + i, val >> (8 * i));
	pthread_mutex_unlock(&uart.lock);
}

void serial_flush(void)
{
	pthread_mutex_lock(&uart.lock);
	fflush(stdout);
	pthread_mutex_unlock(&uart.lock);
}

const struct ioport_dev serial_dev = {
	.name = "serial (16550A)",
	.base = 0x3f8,
	.len = 8,
	.in = serial_in,
	.out = serial_out,
};
