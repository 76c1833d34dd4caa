# SPDX-License-Identifier: GPL-2.0
#
# nvmx top-level Makefile. `make help` lists the targets.

CACHE ?= $(HOME)/.cache/nvmx
export NVMX_CACHE := $(CACHE)

BUILD := $(CURDIR)/build
KSFT_DIR := $(CACHE)/src-6.1/tools/testing/selftests
CHECKPATCH := $(CACHE)/src-6.1/scripts/checkpatch.pl
export KSFT_DIR

# The kernel to build the module against: the running kernel's build
# directory, else the Debian 6.1 headers that `make deps` installed.
KVER_6.1 = $(shell cat $(CACHE)/kver-6.1 2>/dev/null)
KVER_6.12 = $(shell cat $(CACHE)/kver-6.12 2>/dev/null)
RUNNING_KDIR := /lib/modules/$(shell uname -r)/build
KDIR ?= $(if $(wildcard $(RUNNING_KDIR)/Makefile),$(RUNNING_KDIR),/usr/src/linux-headers-$(KVER_6.1))

# The emulated VT-x machine: kernel line and CPU count for vm-run/vm-test.
KLINE ?= 6.1
CPUS ?= 2

KERNEL_SOURCES := Kbuild $(wildcard src/*.[chS] src/*/*.[chS] uapi/linux/*.h)

.PHONY: all help deps module modules_install clean unit selftests \
	kbuild-check checkpatch vm-inputs vm-run vm-test check userspace \
	userspace-check

all: module selftests unit userspace

help:
	@echo 'nvmx make targets:'
	@echo '  all            module (against KDIR=$(KDIR)), selftests, unit tests,'
	@echo '                 userspace'
	@echo '  userspace      libnvmx, nvmx-run and the test images into build/bin'
	@echo '  userspace-check  nvmx-run host tests on NVMX_DEV (default /dev/kvm;'
	@echo '                 they skip when it cannot create a VM)'
	@echo '  deps           install Debian packages, fetch and cache both kernel lines'
	@echo '  module         nvmx.ko against KDIR (kbuild, in the tree)'
	@echo '  modules_install  install nvmx.ko into /lib/modules/<KDIR version>/extra'
	@echo '  unit           build and run the host-side unit tests'
	@echo '  selftests      build the in-VM kselftests into build/selftests'
	@echo '  kbuild-check   build nvmx.ko for both Debian lines with W=1 C=2 (sparse),'
	@echo '                 fail on any warning; outputs go to build/kmod/<kver>'
	@echo '  checkpatch     checkpatch.pl --strict over the kernel sources'
	@echo '  vm-run         boot the emulated VT-x machine (KLINE=$(KLINE) CPUS=$(CPUS)),'
	@echo '                 load nvmx, show its kernel messages and /dev/nvmx'
	@echo '  vm-test        boot it and run the selftests inside (KLINE, CPUS)'
	@echo '  check          all of the above: deps, unit, kbuild-check, checkpatch,'
	@echo '                 selftests in the emulated machine on both kernel lines'
	@echo '  clean          remove build outputs (the cache in $(CACHE) stays)'

deps:
	scripts/deps.sh

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

modules_install:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install

unit:
	$(MAKE) -C selftests/unit OUTPUT=$(BUILD)/unit run

# The selftests link build/bin/libnvmx.a.
selftests: userspace
	$(MAKE) -C selftests OUTPUT=$(BUILD)/selftests

userspace:
	$(MAKE) -C userspace OUTPUT=$(BUILD)/bin

userspace-check:
	$(MAKE) -C userspace OUTPUT=$(BUILD)/bin check

kbuild-check:
	scripts/kbuild-check.sh $(KVER_6.1) $(KVER_6.12)

# In a kernel tree checkpatch learns the CamelCase names the kernel's
# headers define (MSR_MTRRcap, MTRRphysBase_MSR, ...) and accepts them; with
# --no-tree it reads them from its cache file, which is seeded here from the
# Debian headers nvmx is built against.
KHDR_COMMON = /usr/src/linux-headers-$(subst -amd64,-common,$(KVER_6.1))
CAMELCASE_CACHE := .checkpatch-camelcase.git.

checkpatch:
	grep -rhoE '^#[[:space:]]*define[[:space:]]+[A-Za-z_][A-Za-z0-9_]*' \
		$(KHDR_COMMON)/include $(KHDR_COMMON)/arch/x86/include | \
		awk '{ print $$NF }' | grep -E '[A-Z][a-z]|[a-z][A-Z]' | \
		sort -u >$(CAMELCASE_CACHE)
	scripts/checkpatch.sh $(CHECKPATCH) $(filter-out Kbuild,$(KERNEL_SOURCES))

# What the emulated machine boots: nvmx.ko for that line, the selftests.
vm-inputs: selftests userspace
	scripts/kbuild-check.sh $(KVER_$(KLINE))

vm-run: vm-inputs
	selftests/vm/run-vm.sh -k $(KLINE) -c $(CPUS) -m demo

vm-test: vm-inputs
	selftests/vm/run-vm.sh -k $(KLINE) -c $(CPUS) -m test

check:
	scripts/check.sh

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
	rm -rf $(BUILD) $(CAMELCASE_CACHE)
