# corridor — top-level wrapper around CMake.  The README's two commands:
#   make demo    install missing packages, build, run the main job on data/
#   make check   install missing packages, build, run the tests (plain and
#                under AddressSanitizer + UndefinedBehaviorSanitizer)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build
ASAN_BUILD ?= build-asan

.PHONY: all deps deps-test build build-asan demo check test test-asan fuzz fuzz-ci bench install clean

all: build

deps:
	@scripts/install-deps.sh build

deps-test:
	@scripts/install-deps.sh test

$(BUILD)/Makefile: CMakeLists.txt
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DCOR_TESTS=ON >/dev/null

build: deps-test $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

build-asan: deps-test
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCOR_SANITIZE=ON -DCOR_TESTS=ON -DCOR_WASM=OFF >/dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS)

demo: build
	@scripts/demo.sh $(BUILD)/corridor

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  COR_SANITIZED=1 ctest --output-on-failure -j $(JOBS)

# libFuzzer targets (tests/fuzz/, scripts/fuzz.sh; build in build-fuzz/):
# make fuzz runs each FUZZ_SECONDS; check runs a short pass of FUZZ_CI_SECONDS each.
FUZZ_SECONDS ?= 60
FUZZ_CI_SECONDS ?= 10

fuzz: deps-test
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh run

fuzz-ci: deps-test
	FUZZ_CI_SECONDS=$(FUZZ_CI_SECONDS) scripts/fuzz.sh ci

# fuzz first so the log ends with the sanitizer ctest summary
check: fuzz-ci test test-asan

bench: build
	bench/run

# make install [PREFIX=/usr/local] [DESTDIR=...]: libcorridor.a/.so, headers,
# corridor.pc, bin/corridor and its man page (README "Building by hand")
PREFIX ?= /usr/local
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
