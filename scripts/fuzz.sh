#!/bin/sh
# corridor fuzzing with libFuzzer (clang -fsanitize=fuzzer,address,undefined).
#
# usage: scripts/fuzz.sh [build|run|ci|TARGET...]
#   build          build every target into $FUZZ_OUT (default build-fuzz/)
#   run            build, then fuzz each target for $FUZZ_SECONDS (default 60)
#   ci             build, then a short pass: $FUZZ_CI_SECONDS (default 10) each
#   TARGET...      build, then fuzz only these (e.g. tntp_net) for $FUZZ_SECONDS
# Targets are tests/fuzz/fuzz_NAME.c; seeds tests/fuzz/corpus/NAME/ (read
# only), the growing corpus lives in $FUZZ_OUT/corpus/NAME/, crashes in
# $FUZZ_OUT/artifacts/NAME/.  Exit status 1 when any target found a crash:
# copy the artifact into tests/fuzz/regressions/NAME/ and fix the bug.
# Env: CC (default clang-14 or clang), FUZZ_JOBS (default 2 compile jobs),
#      FUZZ_MAX_LEN (default 16384), FUZZ_FLAGS (extra libFuzzer flags).
set -eu
cd "$(dirname "$0")/.."
SRC=$(pwd)
OUT=${FUZZ_OUT:-build-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-60}
MAX_LEN=${FUZZ_MAX_LEN:-16384}
JOBS=${FUZZ_JOBS:-2}
if [ -z "${CC:-}" ] || [ "${CC:-}" = cc ]; then
  if command -v clang-14 >/dev/null 2>&1; then CC=clang-14; else CC=clang; fi
fi
mode=run
case "${1:-}" in
  ci) mode=ci; SECONDS_EACH=${FUZZ_CI_SECONDS:-10}; shift ;;
  build|run) mode=$1; shift ;;
esac

FLAGS="-g -O1 -fno-omit-frame-pointer -std=c11 -D_POSIX_C_SOURCE=200809L -fsanitize=address,undefined -fno-sanitize-recover=undefined"
INC="-I$SRC/include -I$SRC/src -I$SRC/tests/fuzz"
LIBS="-lm"
if pkg-config --exists sqlite3 2>/dev/null; then
  FLAGS="$FLAGS -DCOR_HAVE_SQLITE=1 $(pkg-config --cflags sqlite3)"
  LIBS="$LIBS $(pkg-config --libs sqlite3)"
fi

mkdir -p "$OUT/obj"
export CC FLAGS INC
# library objects (no OpenMP: the pragmas are ignored, fuzzing is serial)
# the report assets as CMake embeds them (cmake/embed_assets.cmake)
gen="$OUT/generated/report_assets.c"
if [ ! -f "$gen" ] || [ -n "$(find cmake/embed_assets.cmake src/report/assets -newer "$gen" 2>/dev/null | head -1)" ]; then
  mkdir -p "$OUT/generated"
  cmake -DOUT="$gen" -P cmake/embed_assets.cmake
fi
srcs=$( (find src/core src/io src/paths src/assign src/choice src/analysis src/freight src/report src/risk \
            -name '*.c' 2>/dev/null; echo "$gen") | sort)
for s in $srcs; do
  o="$OUT/obj/$(echo "$s" | tr '/' '_' | sed 's/\.c$/.o/')"
  if [ ! -f "$o" ] || [ "$s" -nt "$o" ] || [ -n "$(find include src -name '*.h' -newer "$o" 2>/dev/null | head -1)" ]; then
    echo "$s $o"
  fi
done | xargs -r -P "$JOBS" -n 2 sh -c '
  # $0 source, $1 object.  A work-in-progress file of the shared tree that
  # does not compile falls back to its committed version.
  if $CC $FLAGS -fsanitize=fuzzer-no-link $INC -c "$0" -o "$1" 2>"$1.err"; then exit 0; fi
  rm -f "$1"
  if git show "HEAD:$0" >"$1.head.c" 2>/dev/null &&
     $CC $FLAGS -fsanitize=fuzzer-no-link $INC -c "$1.head.c" -o "$1" 2>>"$1.err"; then
    echo "fuzz: warning: $0 does not compile; using its committed version" >&2
  else
    rm -f "$1"; echo "fuzz: warning: $0 does not compile (skipped; see $1.err)" >&2
  fi'
objs=""
for s in $srcs; do
  o="$OUT/obj/$(echo "$s" | tr '/' '_' | sed 's/\.c$/.o/')"
  [ -f "$o" ] && objs="$objs $o"
done
targets=""
for f in tests/fuzz/fuzz_*.c; do
  name=$(basename "$f" .c | sed 's/^fuzz_//')
  targets="$targets $name"
  bin="$OUT/fuzz_$name"
  if [ ! -x "$bin" ] || [ "$f" -nt "$bin" ] || [ tests/fuzz/fuzz_common.h -nt "$bin" ] || \
     [ -n "$(for o in $objs; do [ "$o" -nt "$bin" ] && echo x; done | head -1)" ]; then
    # shellcheck disable=SC2086
    $CC $FLAGS -fsanitize=fuzzer $INC "$f" $objs $LIBS -o "$bin"
  fi
done
[ "$mode" = build ] && { echo "fuzz: built$targets in $OUT/"; exit 0; }
[ $# -gt 0 ] && targets="$*"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
fail=0
summary=""
for t in $targets; do
  bin="$OUT/fuzz_$t"
  [ -x "$bin" ] || { echo "fuzz: no target '$t'" >&2; exit 2; }
  mkdir -p "$OUT/corpus/$t" "$OUT/artifacts/$t"
  seeds=""
  for d in "tests/fuzz/corpus/$t" "tests/fuzz/regressions/$t"; do
    [ -d "$d" ] && seeds="$seeds $d"
  done
  dict=""
  for d in "tests/fuzz/$t.dict" "tests/fuzz/$(echo "$t" | sed 's/_.*//').dict"; do
    [ -f "$d" ] && { dict="-dict=$d"; break; }
  done
  log="$OUT/fuzz_$t.log"
  echo "fuzz: $t for ${SECONDS_EACH}s" >&2
  # shellcheck disable=SC2086
  if "$bin" -max_total_time="$SECONDS_EACH" -max_len="$MAX_LEN" -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix="$OUT/artifacts/$t/" $dict ${FUZZ_FLAGS:-} \
       "$OUT/corpus/$t" $seeds >"$log" 2>&1; then
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    summary="$summary
  $t: ok, ${execs:-?} executions in ${SECONDS_EACH}s, $cov"
  else
    fail=1
    summary="$summary
  $t: FAILED (see $log; reproducer in $OUT/artifacts/$t/)"
    grep -E 'ERROR|FZ_CHECK|runtime error|SUMMARY' "$log" | head -5 >&2 || true
  fi
done
echo "fuzz summary:$summary"
exit $fail
