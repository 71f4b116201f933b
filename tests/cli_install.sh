#!/bin/sh
# cmake --install into a temporary prefix, then build and run a program
# against it with `pkg-config --cflags --libs corridor` (shared library) and
# against libcorridor.a (pkg-config --static), and check what was installed:
# the program (--version), the man page, the SONAME, the umbrella header.
# usage: sh cli_install.sh CORRIDOR_BIN SOURCE_DIR   (the build dir is the binary's)
set -u
bin=$1
src=$2
build=$(cd "$(dirname "$bin")" && pwd)
command -v pkg-config >/dev/null 2>&1 || { echo "no pkg-config: skipped"; exit 77; }
CC=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
ok() { echo "ok   $*"; }

p=$tmp/prefix
cmake --install "$build" --prefix "$p" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; echo "FAIL cmake --install"; exit 1; }
pc=$(find "$p" -name corridor.pc | head -1)
[ -n "$pc" ] || { echo "FAIL no corridor.pc installed"; exit 1; }
libdir=$(dirname "$(dirname "$pc")")
export PKG_CONFIG_PATH="$(dirname "$pc")"
version=$(sed -n 's/^#define COR_VERSION_\(MAJOR\|MINOR\|PATCH\) *\([0-9]*\).*/\2/p' "$src/include/corridor/version.h" | paste -sd.)

# what was installed
for f in "$p/bin/corridor" "$libdir/libcorridor.a" "$libdir/libcorridor.so" \
         "$libdir/libcorridor.so.$version" "$p/share/man/man1/corridor.1" \
         "$p/include/corridor/corridor.h"; do
  [ -e "$f" ] && ok "installed ${f#"$p"/}" || fail "missing ${f#"$p"/}"
done
[ "$(pkg-config --modversion corridor)" = "$version" ] && ok "pkg-config --modversion $version" || fail "pkg-config --modversion: $(pkg-config --modversion corridor)"
out=$("$p/bin/corridor" --version)
[ "$out" = "corridor $version" ] && ok "corridor --version: $out" || fail "corridor --version: '$out', expected 'corridor $version'"
soname=$(readelf -d "$libdir/libcorridor.so" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
major=${version%%.*}
if [ "$major" = 0 ]; then want=libcorridor.so.0.$(echo "$version" | cut -d. -f2); else want=libcorridor.so.$major; fi
[ "$soname" = "$want" ] && ok "SONAME $soname" || fail "SONAME '$soname', expected $want"
# only the public API is exported
internal=$(nm -D --defined-only "$libdir/libcorridor.so" | awk '{print $3}' | grep -c '^cor__' || true)
[ "$internal" -eq 0 ] && ok "no cor__ symbols exported" || fail "$internal internal cor__ symbols exported"
if command -v man >/dev/null 2>&1; then
  MANWIDTH=80 man -l "$p/share/man/man1/corridor.1" 2>"$tmp/man.err" | grep -q "corridor assign" \
    && [ ! -s "$tmp/man.err" ] && ok "man page renders" || fail "man page: $(cat "$tmp/man.err")"
fi
grep -q "^\.TH CORRIDOR 1 .*\"corridor $version\"" "$src/docs/corridor.1" && ok "man page of version $version" \
  || fail "docs/corridor.1: .TH does not name corridor $version"
# the umbrella header includes every public header
for h in "$p"/include/corridor/*.h; do
  b=$(basename "$h")
  [ "$b" = corridor.h ] && continue
  grep -q "^#include \"corridor/$b\"" "$p/include/corridor/corridor.h" || fail "corridor.h does not include corridor/$b"
done

# a program against the installed tree (the sanitizer build's library needs
# the sanitizer runtime in the program too)
extra=""
[ -n "${COR_SANITIZED:-}" ] && extra="-fsanitize=address,undefined"
prog=$src/tests/install_prog.c
net=$src/data/example/braess_net.tntp
trips=$src/data/example/braess_trips.tntp
# shellcheck disable=SC2046
if $CC -std=c11 -Wall -Wextra -Werror $extra -o "$tmp/prog" "$prog" $(pkg-config --cflags --libs corridor) 2>"$tmp/cc.err"; then
  ok "compiled with pkg-config --cflags --libs corridor"
  if LD_LIBRARY_PATH="$libdir" "$tmp/prog" "$net" "$trips" >"$tmp/run.out" 2>&1; then
    ok "program on the shared library: $(head -1 "$tmp/run.out")"
  else
    fail "program on the shared library: $(cat "$tmp/run.out")"
  fi
  LD_LIBRARY_PATH="$libdir" ldd "$tmp/prog" | grep -q "$libdir/libcorridor.so" \
    && ok "linked to the installed libcorridor.so" || fail "not linked to $libdir/libcorridor.so: $(ldd "$tmp/prog")"
else
  fail "compile against the shared library: $(cat "$tmp/cc.err")"
fi
# shellcheck disable=SC2046
if $CC -std=c11 -Wall -Wextra -Werror $extra -o "$tmp/prog_static" "$prog" $(pkg-config --cflags corridor) \
     "$libdir/libcorridor.a" $(pkg-config --static --libs corridor | sed 's/-lcorridor\b//') 2>"$tmp/cc.err"; then
  "$tmp/prog_static" "$net" "$trips" >"$tmp/run.out" 2>&1 \
    && ok "program on libcorridor.a: $(head -1 "$tmp/run.out")" || fail "program on libcorridor.a: $(cat "$tmp/run.out")"
else
  fail "compile against libcorridor.a: $(cat "$tmp/cc.err")"
fi
[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "install test: all ok"
