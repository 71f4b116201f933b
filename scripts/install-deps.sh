#!/bin/sh
# Installs the Debian packages corridor needs, calling apt-get only when one is
# missing (idempotent; quiet when everything is there).
# Usage: scripts/install-deps.sh [build|test|report]  (default: build)
set -eu
need="cmake make gcc pkg-config libsqlite3-dev"
case "${1:-build}" in
  test) need="$need libcmocka-dev clang libclang-rt-14-dev" ;;
  report) need="$need" ;;
esac
missing=""
for p in $need; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
