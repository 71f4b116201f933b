#!/bin/sh
# Installs the Debian packages corridor needs, calling apt-get only when one is
# missing (idempotent; quiet when everything is there).
# Usage: scripts/install-deps.sh [build|test|report|bench]  (default: build)
set -eu
need="cmake make gcc pkg-config libsqlite3-dev"
# optional: wanted, but a failure to install them only skips what needs them
# (the report's browser test needs chromium; ogrinfo from gdal-bin checks the
# GeoPackage; Open MPI builds `corridor risk` for mpirun, found by CMake)
want="libopenmpi-dev openmpi-bin"
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
[ -z "$missing$wanted" ] && exit 0
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
