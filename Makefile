# corridor — top-level wrapper around CMake.  The README's two commands:
#   make demo    install missing packages, build, run the main job on data/
#   make check   install missing packages, build, run the tests (plain and
#                under AddressSanitizer + UndefinedBehaviorSanitizer)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build
ASAN_BUILD ?= build-asan

.PHONY: all deps deps-test build build-asan demo check test test-asan bench clean

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
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCOR_SANITIZE=ON -DCOR_TESTS=ON >/dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS)

demo: build
	@scripts/demo.sh $(BUILD)/corridor

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  COR_SANITIZED=1 ctest --output-on-failure -j $(JOBS)

check: test test-asan

bench: build
	bench/run

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
