# SPDX-License-Identifier: GPL-2.0
#
# kiscsi: top-level build and test entry points.
#
#   make              kernel modules (kiscsi.ko, dm path selectors) + tool
#   make check        unit tests (no VM) + the VM suite; ends "N passed, N failed"
#   make check-unit   only the userspace unit tests
#   make check-vm     only the VM suite (TESTS="name ..." to pick tests)
#   make check-long   slower tests of the test tools (tests/vm-long)
#   make check-debug  the VM suite + KUnit + kmemleak on a debug kernel
#                     (KASAN, lockdep, UBSAN, ...), built once into a cache
#   make demo         log in to a target over two paths in a VM and do I/O
#   make bench        performance against open-iscsi in the same VM run
#   make style        checkpatch --strict on the kernel sources
#   make sparse       sparse over the kernel sources
#   make fuzz         libFuzzer targets for the protocol core (FUZZ_TIME=s)
#
# KDIR selects the kernel build tree; the default is the kernel that
# scripts/kver picks (the running one if it is a Debian kernel with
# headers, else Debian's newest 6.1), which is also what the VM boots.

KVER ?= $(shell scripts/kver)
KDIR ?= /lib/modules/$(KVER)/build
# Private drivers/md headers for the path selector come from Debian's
# linux-source package, extracted into a cache, never committed.
DM_PRIVATE_HEADERS := drivers/md/dm-path-selector.h drivers/md/dm-mpath.h
KBUILD_ARGS = -C $(KDIR) M=$(CURDIR) W=1 KCFLAGS=-Werror \
	      KISCSI_KSRC=$$(scripts/kernel-source $(DM_PRIVATE_HEADERS))

all: modules tool

deps:
	@scripts/install-deps

modules: deps
	$(MAKE) $(KBUILD_ARGS) modules

tool: deps
	$(MAKE) -C userspace

rig-modules: deps
	$(MAKE) -C $(KDIR) M=$(CURDIR)/tests/rig W=1 KCFLAGS=-Werror modules

# The fault-injection proxy the VM tests put between initiator and target.
faultproxy: deps
	$(MAKE) -C tests/faultproxy

check: all rig-modules faultproxy
	scripts/check

check-unit: all
	scripts/check --unit

check-vm: all rig-modules faultproxy
	scripts/check --vm $(TESTS)

# Slower tests that check the test tools themselves (tests/vm-long).
check-long: all rig-modules faultproxy
	scripts/check --vm $(wildcard tests/vm-long/*.sh)

# The debug-kernel lane (Documentation/testing.md). scripts/debug-kernel
# builds the kernel once into ~/.cache/kiscsi (about half an hour, cached
# while its config fragment and the Debian source are unchanged); the
# modules, kiscsi_kunit.ko among them, are built against it from a copy
# of the sources in build/debug/src, never over the stock-kernel .ko files.
DEBUG_SRC := $(CURDIR)/build/debug/src
DEBUG_COPY := Kbuild include kernel dm tests/rig
DEBUG_NOCOPY := '*.o' '*.ko' '*.mod' '*.mod.c' '*.cmd' '*.a' '*.d' \
		modules.order Module.symvers

debug-kernel: deps
	scripts/debug-kernel

debug-modules: debug-kernel
	mkdir -p $(DEBUG_SRC)
	tar -c $(addprefix --exclude=,$(DEBUG_NOCOPY)) $(DEBUG_COPY) | \
		tar -x -C $(DEBUG_SRC)
	kdir=$$(scripts/debug-kernel --print) && \
	$(MAKE) -C $$kdir/build M=$(DEBUG_SRC) W=1 KCFLAGS=-Werror \
		KISCSI_KSRC=$$kdir/build/source modules && \
	$(MAKE) -C $$kdir/build M=$(DEBUG_SRC)/tests/rig W=1 KCFLAGS=-Werror \
		modules

check-debug: debug-modules tool faultproxy
	scripts/check --debug $(TESTS)

# The tool, kiscsi(8), bash completion, kiscsi-restore.service (DESTDIR=).
install: tool
	$(MAKE) -C userspace install

demo: all
	scripts/demo

bench: all
	scripts/bench

style: deps
	scripts/checkpatch

sparse: deps
	$(MAKE) $(KBUILD_ARGS) C=2 modules

fuzz: deps
	$(MAKE) -C tests/fuzz fuzz

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C $(KDIR) M=$(CURDIR)/tests/rig clean
	$(MAKE) -C userspace clean
	$(MAKE) -C tests/unit clean
	$(MAKE) -C tests/faultproxy clean
	rm -rf build

.PHONY: all deps install modules tool rig-modules faultproxy check check-long check-unit check-vm demo \
	debug-kernel debug-modules check-debug \
	bench style sparse fuzz clean
