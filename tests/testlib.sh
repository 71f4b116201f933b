# Sourced by the shell tests (tests/cli_*.sh) after `set -u`: a scratch
# directory $tmp removed at exit, and pass/fail counters with ok/bad.
# End a test with `finish`.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
pass=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fails=$((fails + 1)); echo "FAIL $*"; }
finish() { echo "$pass passed, $fails failed"; [ "$fails" -eq 0 ]; }
