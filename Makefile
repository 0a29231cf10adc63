# Oversight - top-level driver. `make run` and `make test` work on a fresh
# Debian 12 machine as root: they install what is missing, build, then run.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

PREFIX ?= /usr/local

.PHONY: all deps build run test test-asan fuzz-smoke bench install clean

all: build

deps:
	@scripts/deps.sh
	@tests/openapi/install.sh
	@if command -v npm >/dev/null 2>&1; then sh tests/ftm/install.sh || echo "deps: npm ci in tests/ftm failed; tests/cli/test_ftm.sh retries it" >&2; fi

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# The main job: build, load the bundled sample record into ./oversight.db and show it.
run: build
	@scripts/run.sh $(BUILD)

# The whole suite: the normal build under CTest, then the same suite under
# ASan+UBSan, then a short libFuzzer smoke run of every reader.
test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory test-asan
	@$(MAKE) --no-print-directory fuzz-smoke

test-asan: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DOV_SANITIZE=ON -DOV_WERROR=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)
	@cd build-asan && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS)

fuzz-smoke: deps
	@CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DOV_FUZZ=ON >/dev/null
	@cmake --build build-fuzz -j $(JOBS)
	@scripts/fuzz-smoke.sh build-fuzz

bench: build
	@cmake -S . -B $(BUILD) -DOV_BENCH=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target own_bench
	@bench/run.sh $(BUILD)
	@bench/values/run.sh $(BUILD)
	@bench/own/run.sh $(BUILD)
	@bench/match/run.sh $(BUILD)
	@bench/match/screen.sh $(BUILD)
	@bench/http/run.sh $(BUILD)
	@bench/pg/run.sh $(BUILD)
	@bench/resolve/run.sh $(BUILD)

# The CLI, liboversight.so and .a, the headers, oversight.pc, the man page and the
# bash completion under PREFIX (DESTDIR honoured).
install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) build-asan build-fuzz
