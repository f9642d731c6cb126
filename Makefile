# SPDX-License-Identifier: GPL-2.0
#
# lowpan-mesh top level. `make help` lists the targets.

# The kernel tree to build against: the newest installed Debian kernel
# that has a build tree, unless KDIR (or KERNELPATH) says otherwise.
KVER ?= $(shell for d in $$(ls -1 /lib/modules 2>/dev/null | sort -V -r); do \
		[ -d /lib/modules/$$d/build ] && { echo $$d; break; }; done)
KERNELPATH ?= /lib/modules/$(KVER)/build
KDIR ?= $(KERNELPATH)

DESTDIR ?=
PREFIX ?= /usr/local
export DESTDIR PREFIX

# Userspace parts with their own Makefile (all, test, clean, install).
TOOLS := userspace/iotctl userspace/dnp3-serial-bridge userspace/mqttsn-gateway
TOOLS := $(foreach d,$(TOOLS),$(if $(wildcard $(d)/Makefile),$(d)))
DTS := $(if $(wildcard dts-overlays/Makefile),dts-overlays)

.PHONY: all modules tools dts test test-unit test-vm demo install clean help \
	deps checkpatch

all: modules tools dts

deps:
	scripts/deps.sh

modules:
	@[ -d "$(KDIR)" ] || { echo "no kernel build tree at '$(KDIR)': run scripts/deps.sh or set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kernel W=1 modules

tools:
	@for d in $(TOOLS); do $(MAKE) -C $$d all || exit 1; done

dts:
	@for d in $(DTS); do $(MAKE) -C $$d all || exit 1; done

# Everything: installs what a fresh machine lacks, builds, runs the host
# suites and the kernel selftests in a VM, and prints one total.
test: deps
	scripts/run-tests

test-unit: deps
	scripts/run-tests --unit

test-vm: deps
	scripts/run-tests --vm

demo: deps all
	scripts/demo

install: all
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kernel INSTALL_MOD_PATH=$(DESTDIR) \
		INSTALL_MOD_DIR=extra modules_install
	@for d in $(TOOLS) $(DTS); do $(MAKE) -C $$d install || exit 1; done

checkpatch:
	scripts/checkpatch.sh

clean:
	-[ -d "$(KDIR)" ] && $(MAKE) -C $(KDIR) M=$(CURDIR)/kernel clean
	@for d in $(TOOLS) $(DTS) tests/proto; do \
		[ -f $$d/Makefile ] && $(MAKE) -C $$d clean; done; true
	rm -rf build results

help:
	@echo "lowpan-mesh targets:"
	@echo "  all        module, userspace tools and device-tree overlays"
	@echo "  modules    kernel/lowpan_mesh.ko against KDIR=$(KDIR)"
	@echo "  tools      iotctl and the daemons (userspace/)"
	@echo "  dts        device-tree overlays (dts-overlays/*.dtbo)"
	@echo "  deps       install the Debian packages build, tests and demo need"
	@echo "  test       everything: host unit tests, fuzzers, kernel selftests in QEMU"
	@echo "  test-unit  host suites only; test-vm: kernel selftests only"
	@echo "  demo       boot a VM and show the module at work"
	@echo "  install    module (extra/), tools, man pages, units, overlays; DESTDIR, PREFIX"
	@echo "  checkpatch kernel style check of kernel/"
	@echo "  clean      remove build products"
	@echo "variables: KDIR (or KERNELPATH), KVER, DESTDIR, PREFIX"
