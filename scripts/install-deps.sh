#!/bin/sh
# Installs the Debian packages corridor needs, calling apt-get only when one is
# missing (idempotent; quiet when everything is there).
# Usage: scripts/install-deps.sh [build|test|report|bench]  (default: build)
set -eu
need="cmake make gcc pkg-config libsqlite3-dev"
# optional: wanted, but a failure to install them only skips what needs them
# (the report's browser test needs chromium; ogrinfo from gdal-bin checks the
# GeoPackage; Open MPI builds `corridor risk` for mpirun, found by CMake;
# emscripten builds the WebAssembly engine of the report's live panel)
want="libopenmpi-dev openmpi-bin emscripten"
case "${1:-build}" in
  test) need="$need libcmocka-dev clang libclang-rt-14-dev"
        want="$want chromium fonts-dejavu-core gdal-bin" ;;
  report) need="$need" ;;
  bench) need="$need time" ;;   # /usr/bin/time -v for bench/run
esac
missing_of() {
  m=""
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      m="$m $p"
    fi
  done
  echo "$m"
}
# shellcheck disable=SC2086
missing=$(missing_of $need)
# shellcheck disable=SC2086
wanted=$(missing_of $want)
# the browser tests' front-end packages (tests/browser/package-lock.json)
npm_tests() {
  [ "${1:-build}" = test ] || return 0
  d=$(dirname "$0")/../tests/browser
  [ -d "$d/node_modules/puppeteer-core" ] && return 0
  if command -v npm >/dev/null 2>&1; then
    echo "install-deps: npm ci in tests/browser (puppeteer-core)" >&2
    (cd "$d" && npm ci --no-audit --no-fund --loglevel=error) ||
      echo "install-deps: npm ci failed; the browser tests will be skipped" >&2
  else
    echo "install-deps: no npm; the browser tests will be skipped" >&2
  fi
}
if [ -z "$missing$wanted" ]; then npm_tests "${1:-build}"; exit 0; fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || [ -z "$missing" ]
if [ -n "$missing" ]; then
  echo "install-deps: installing:$missing" >&2
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
if [ -n "$wanted" ]; then
  echo "install-deps: installing (optional):$wanted" >&2
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $wanted ||
    echo "install-deps: could not install$wanted; the tests that need them will be skipped" >&2
fi
npm_tests "${1:-build}"
