#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# userspace/tests/nvmx_run_test (kselftest harness) inside the emulated VT-x
# machine, on nvmx (or on $NVMX_DEV when set: /init exports /dev/kvm with
# nvmxvm.dev=kvm): the same binary that runs on the host's /dev/kvm in
# `make userspace-check`, here driving /dev/nvmx.
exec env NVMX_DEV="${NVMX_DEV:-/dev/nvmx}" /opt/nvmx/bin/tests/nvmx_run_test "$@"
