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
TOOLS := userspace/iotctl userspace/dnp3-serial-bridge userspace/mqttsn-gateway \
	userspace/coapd
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
	install -D -m 0644 userspace/firewall/lowpan-mesh.nft \
		$(DESTDIR)/etc/lowpan-mesh/lowpan-mesh.nft

# Kernel 6.12 (Debian 13 tree, cached) and arm64 (cross build, arm64 guest):
# docs/arm64-and-6.12.md. TESTS= picks selftests (default: all of them).
B612 := $(CURDIR)/build/6.12/kernel/lowpan_mesh.ko
BA64 := $(CURDIR)/build/arm64
modules-6.12:
	scripts/build-in-root.sh "$$(scripts/trixie-root.sh)" build/6.12

test-6.12: modules-6.12 tools
	scripts/vm-run --root "$$(scripts/trixie-root.sh)" --kernel 6.12 --timeout 2400 \
		--env LM_KO=$(B612) --env LOWPAN_MESH_KO=$(B612) -- selftests/run.sh $(TESTS)

arm64:
	scripts/build-arm64.sh

arm64-6.12:
	scripts/build-arm64-6.12.sh

test-arm64: arm64
	scripts/vm-run --arch arm64 --timeout 3600 \
		--env LM_KO=$(BA64)/kernel/lowpan_mesh.ko --env LOWPAN_MESH_KO=$(BA64)/kernel/lowpan_mesh.ko \
		--env LM_IOTCTL=$(BA64)/src/userspace/iotctl/iotctl \
		--env IOTCTL=$(BA64)/src/userspace/iotctl/iotctl \
		--env LM_TOOLS=$(BA64)/src/selftests/tools -- selftests/run.sh $(TESTS)

dkms-install:
	scripts/dkms-install.sh

# rx_fuzz at volume: FUZZ_N random plus FUZZ_N mutated frames (default
# 50000 each) into a mesh node; FUZZ_SEED= repeats a run. Results:
# docs/fuzzing.md.
FUZZ_N ?= 50000
fuzz-kernel: modules tools
	scripts/vm-run --timeout 3600 --env FUZZ_N=$(FUZZ_N) --env LM_TEST_TIMEOUT=3000 \
		$(if $(FUZZ_SEED),--env FUZZ_SEED=$(FUZZ_SEED)) -- selftests/run.sh rx_fuzz

# Relay cost, mesh-under against mainline route-over: bench/relay/README.md.
bench-relay: modules tools
	bench/relay/run

# The routing simulator at scale (16 to 1000 nodes): bench/routing/README.md.
bench-routing:
	bench/routing/run.sh $(SIZES)

# selftests/routing_scale.sh with a 60-s churn: 16 nodes, 8-16 minutes under
# TCG, so not in make test (its header says lm-selftest: long).
test-routing-scale: modules tools
	$(MAKE) -s -C selftests/tools
	scripts/vm-run --timeout 3600 --env LM_TEST_TIMEOUT=3000 --env SCALE_FLAP_S=60 \
		-- selftests/run.sh routing_scale

# The same figures from the module itself, 16 to 32 nodes in the VM
# (SIZES="16 24 32"), beside the simulator's: bench/routing/README.md.
bench-routing-vm: modules tools
	bench/routing/vm.sh $(SIZES)

.PHONY: modules-6.12 test-6.12 arm64 arm64-6.12 test-arm64 dkms-install bench-routing bench-relay \
	bench-routing-vm test-routing-scale \
	fuzz-kernel

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
	@echo "  install    module (extra/), tools, man pages, units, overlays, nftables file; DESTDIR, PREFIX"
	@echo "  checkpatch kernel style check of kernel/"
	@echo "  modules-6.12, test-6.12  build / selftests on Debian 13's 6.12 (cached tree)"
	@echo "  arm64, test-arm64        cross-build + checks / selftests in an arm64 guest"
	@echo "  arm64-6.12               the module cross-built for arm64 6.12 (Pi OS series)"
	@echo "  dkms-install             register the module with DKMS (dkms.conf)"
	@echo "  bench-relay              relay CPU and throughput, mesh-under vs route-over (VM)"
	@echo "  bench-routing            routing simulator, 16 to 1000 nodes (SIZES=\"16 32 64\")"
	@echo "  test-routing-scale       selftests/routing_scale.sh, 16 nodes, 60 s of churn"
	@echo "  bench-routing-vm         the module in the VM, 16/24/32-node grids, beside the simulator"
	@echo "  fuzz-kernel              rx_fuzz at volume (FUZZ_N=50000 random + 50000 mutated frames)"
	@echo "  clean      remove build products"
	@echo "variables: KDIR (or KERNELPATH), KVER, DESTDIR, PREFIX"
