# SPDX-License-Identifier: GPL-2.0
#
# kiscsi: top-level build and test entry points.
#
#   make              kernel modules (kiscsi.ko, dm path selectors) + tool
#   make check        unit tests (no VM) + the VM suite; ends "N passed, N failed"
#   make check-unit   only the userspace unit tests
#   make check-vm     only the VM suite (TESTS="name ..." to pick tests)
#   make check-long   slower tests of the test tools (tests/vm-long)
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

.PHONY: all deps modules tool rig-modules faultproxy check check-long check-unit check-vm demo \
	bench style sparse fuzz clean
