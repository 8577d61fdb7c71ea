# The two commands of the README, and the helpers they use.
#   make test     builds everything and runs every test, plain and under ASan+UBSan
#   make certify  builds everything and runs the certification job
BUILD ?= build
BUILD_ASAN ?= build-asan
BUILD_FUZZ ?= build-fuzz
FUZZ_SECONDS ?= 20
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all deps qemu-deps build build-asan build-fuzz test test-plain test-asan test-fuzz certify \
        bench clean \
        docs test-docs

all: build

deps:
	@sh scripts/deps.sh build

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

build-asan: deps
	cmake -S . -B $(BUILD_ASAN) -DCMAKE_BUILD_TYPE=Debug -DVMI_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD_ASAN) -j $(JOBS)

test-plain: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Sanitizer reports abort the test program, so any report fails its test.
test-asan: build-asan
	cd $(BUILD_ASAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) -L unit

# Every parser of outside input, fuzzed for a bounded time from its seeds.
build-fuzz:
	@sh scripts/deps.sh fuzz
	cmake -S . -B $(BUILD_FUZZ) -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVMI_FUZZ=ON $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD_FUZZ) -j $(JOBS) --target fuzz_trace_parse fuzz_trace_bundle fuzz_report_read \
	  fuzz_guest_records fuzz_envs_session

test-fuzz: build-fuzz
	sh scripts/fuzz.sh $(BUILD_FUZZ) $(FUZZ_SECONDS)

# QEMU for the tcg tests: installed as root; otherwise the apt-get line is
# printed and those tests SKIP, saying why.
qemu-deps:
	@sh scripts/deps.sh qemu || echo "make: without QEMU the tcg environment SKIPs"

test: qemu-deps test-plain test-asan test-fuzz

# Every environment and adapter pair, each into REPORT_DIR/ENV-ADAPTER/ and
# verified: the reference model (ref); the conformance guest under QEMU TCG
# with the native adapter (tcg); under QEMU with KVM where /dev/kvm is
# usable (kvm), and on real Linux KVM nested in QEMU TCG (kvm-nested), each
# with the kvm and native adapters; as real Xen 4.17's PVH dom0
# with the xen and native adapters (xen).  An environment this machine
# cannot run is listed as SKIP with its reason; waivers, where an
# environment has them, are conformance/envs/ENV/waivers.txt.  The number
# after a pair is its watchdog in seconds: xen's is short because its
# waived livelock (conformance/envs/xen/waivers.txt) costs one watchdog
# period per run, and no xen trace takes over 2 s.
CONFORM = $(BUILD)/conformance/runner/vmi-conform
REPORT_DIR ?= $(BUILD)/report
CERTIFY_PAIRS ?= ref:ref tcg:native:15 kvm:kvm:30 kvm:native:30 kvm-nested:kvm:30 \
                 kvm-nested:native:30 xen:xen:10 xen:native:10
certify: qemu-deps build
	sh scripts/certify.sh $(CONFORM) $(REPORT_DIR) $(CERTIFY_PAIRS)

# The documentation site: HTML in $(BUILD)/docs/html, the man page in $(BUILD)/docs/man.
# VMI_DOCS_REPORT=$(REPORT_DIR)/tcg-native/report.json adds a run's statuses to the traceability matrix.
docs: deps
	@sh scripts/deps.sh docs
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) --target docs

# The documentation's checks alone (test-plain runs them too); SKIP without Sphinx.
test-docs: build
	cd $(BUILD) && ctest --output-on-failure -L docs

bench: build
	$(BUILD)/libvmi-ref/vmi-ref-bench
	sh scripts/bench-guest.sh $(BUILD)/conformance/guest/vmi-guest.elf \
		$(BUILD)/conformance/guest/vmi-guest-records
	sh scripts/bench-tcg.sh $(CONFORM) $(BUILD)/conformance/guest/vmi-guest.elf
	sh scripts/bench-hv.sh $(CONFORM) $(BUILD)/conformance/guest/vmi-guest.elf \
		$(BUILD)/conformance/guest/vmi-guest-records

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_FUZZ)
