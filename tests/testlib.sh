# Sourced by the shell tests (tests/cli_*.sh) after `set -u` and setting
# $bin: a scratch directory $tmp removed at exit, pass/fail counters with
# ok/bad, and expect (a failing run's exit code and message).
# End a test with `finish`.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
pass=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fails=$((fails + 1)); echo "FAIL $*"; }
# expect CODE FRAGMENT LABEL -- ARGS...: runs $bin ARGS and checks the exit
# code and that stderr holds FRAGMENT (a grep pattern); when $untouched is
# set, that path must not exist afterwards (nothing written).
untouched=""
expect() {
  code=$1 frag=$2 label=$3; shift 4
  [ -n "$untouched" ] && rm -rf "$untouched"
  "$bin" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?
  if [ $rc -eq "$code" ] && grep -q -- "$frag" "$tmp/stderr" && { [ -z "$untouched" ] || [ ! -e "$untouched" ]; }; then
    ok "$label: exit $rc, $(head -1 "$tmp/stderr")"
  else bad "$label: exit $rc (want $code), stderr '$(cat "$tmp/stderr")'"; fi
}
finish() { echo "$pass passed, $fails failed"; [ "$fails" -eq 0 ]; }
