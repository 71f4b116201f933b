#!/bin/sh
# Result sets are all or nothing (issue 13 items 1-4, docs/RELIABILITY.md
# "Result sets"): a run that fails while writing, is interrupted after its
# solve, meets another run on the same --out or is killed leaves the previous
# set whole.  The rename(2) shim (tests/shim_rename.c, $COR_TEST_SHIM) makes
# one rename fail (a full disk) or pause (a window for a signal or a kill).
# usage: sh cli_outset.sh CORRIDOR_BIN SOURCE_DIR
set -u
bin=$1
src=$2/tests/data/andes
. "$2/tests/testlib.sh"
shim=${COR_TEST_SHIM:-}
if [ -z "$shim" ] || [ ! -f "$shim" ]; then echo "skip: no rename shim (COR_TEST_SHIM)"; exit 77; fi
# a sanitized binary must accept a preload that is not its runtime
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}verify_asan_link_order=0"

# The set of one run: every file's checksum, convergence.csv without its
# wall-clock column, and the names of any other entries (there must be none).
sig() {
  (cd "$1" && for f in corridors.csv paths.csv links.csv; do cksum "$f" 2>&1; done
   cut -d, -f1,3- convergence.csv 2>&1 | cksum
   ls -A | grep -v -x -e corridors.csv -e paths.csv -e links.csv -e convergence.csv)
}
# waits (at most 30 s) for file $1
wait_for() { i=0; while [ ! -e "$1" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done; [ -e "$1" ]; }

for y in base 2040; do
  yo=""; [ $y = base ] || yo="--year $y"
  "$bin" corridors "$src" $yo --out "$tmp/ref_$y" >/dev/null 2>&1 || bad "reference run $y"
  sig "$tmp/ref_$y" > "$tmp/ref_$y.sig"
done
cmp -s "$tmp/ref_base.sig" "$tmp/ref_2040.sig" && bad "base and 2040 sets do not differ: the test cannot tell them apart"
fresh() { rm -rf "$tmp/out"; cp -r "$tmp/ref_base" "$tmp/out"; }
is_set() { sig "$tmp/out" > "$tmp/now.sig"; cmp -s "$tmp/now.sig" "$tmp/ref_$1.sig"; }

# 1. a full disk on the third file (links.csv) keeps the base set whole
fresh
COR_SHIM_RENAME_FAIL=links.csv LD_PRELOAD="$shim" "$bin" corridors "$src" --year 2040 --out "$tmp/out" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 4 ] && is_set base; then ok "full disk on links.csv: exit 4, the base set whole ($(head -c 120 "$tmp/err"))"
else bad "full disk on links.csv: exit $rc, set: $(cat "$tmp/now.sig")"; fi
# ... and on the report's last page file
rm -rf "$tmp/rep"; "$bin" report "$src" --out "$tmp/rep" >/dev/null 2>&1 || bad "report reference run"
(cd "$tmp/rep" && find . -type f | sort | xargs cksum) > "$tmp/rep.sig"
COR_SHIM_RENAME_FAIL=index.html LD_PRELOAD="$shim" "$bin" report "$src" --year 2040 --out "$tmp/rep" >/dev/null 2>&1
rc=$?
(cd "$tmp/rep" && find . -type f | sort | xargs cksum) > "$tmp/rep2.sig"
if [ $rc -eq 4 ] && cmp -s "$tmp/rep.sig" "$tmp/rep2.sig"; then ok "report: full disk on index.html keeps the earlier GeoJSON, GeoPackage and page"
else bad "report: full disk on index.html: exit $rc; $(diff "$tmp/rep.sig" "$tmp/rep2.sig" | head -5)"; fi

# 2. SIGINT or SIGTERM after the solve, while the files are written: exit 130, base set whole
for s in INT TERM; do
  fresh; rm -f "$tmp/mark"
  COR_SHIM_RENAME_PAUSE=paths.csv COR_SHIM_MARK="$tmp/mark" LD_PRELOAD="$shim" \
    "$bin" corridors "$src" --year 2040 --out "$tmp/out" >/dev/null 2>"$tmp/err" &
  pid=$!
  wait_for "$tmp/mark" || bad "SIG$s: the run never reached its writes"
  kill -$s $pid
  wait $pid
  rc=$?
  if [ $rc -eq 130 ] && is_set base; then ok "SIG$s while writing: exit 130, the base set whole"
  else bad "SIG$s while writing: exit $rc, set: $(cat "$tmp/now.sig")"; fi
done
# ... and during the switch itself (signals are held until it is done: the new set whole)
fresh; rm -f "$tmp/mark"
COR_SHIM_SWITCH=1 COR_SHIM_RENAME_PAUSE=links.csv COR_SHIM_MARK="$tmp/mark" LD_PRELOAD="$shim" \
  "$bin" corridors "$src" --year 2040 --out "$tmp/out" >/dev/null 2>"$tmp/err" &
pid=$!
wait_for "$tmp/mark" || bad "switch: the run never reached its switch"
kill -INT $pid
wait $pid
rc=$?
if is_set 2040; then ok "SIGINT during the switch: the 2040 set whole (exit $rc)"
else bad "SIGINT during the switch: exit $rc, set: $(cat "$tmp/now.sig")"; fi

# 3. two runs on one --out: the second fails at once naming the holder; --wait waits
fresh; rm -f "$tmp/mark"
COR_SHIM_RENAME_PAUSE=paths.csv COR_SHIM_MARK="$tmp/mark" LD_PRELOAD="$shim" \
  "$bin" corridors "$src" --year 2040 --out "$tmp/out" >/dev/null 2>&1 &
pid=$!
wait_for "$tmp/mark" || bad "lock: the first run never reached its writes"
"$bin" corridors "$src" --out "$tmp/out" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 4 ] && grep -q "in use by another corridor run (pid $pid, corridor corridors" "$tmp/err"; then
  ok "second run on a locked --out: exit 4, $(cat "$tmp/err")"
else bad "second run on a locked --out: exit $rc, $(cat "$tmp/err")"; fi
"$bin" corridors "$src" --out "$tmp/out" --wait >/dev/null 2>"$tmp/err2" &
pid2=$!
wait $pid; rc1=$?
wait $pid2; rc2=$?
if [ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] && is_set base; then ok "--wait: waited for the first run, then wrote its own whole set"
else bad "--wait: exits $rc1 and $rc2 ($(cat "$tmp/err2")), set: $(cat "$tmp/now.sig")"; fi

# 4. SIGKILL while writing: the next run removes the dead run's staging
#    directory and says so; a temporary of a dead pid goes, one of a live pid stays
fresh; rm -f "$tmp/mark"
COR_SHIM_RENAME_PAUSE=links.csv COR_SHIM_MARK="$tmp/mark" LD_PRELOAD="$shim" \
  "$bin" corridors "$src" --year 2040 --out "$tmp/out" >/dev/null 2>&1 &
pid=$!
wait_for "$tmp/mark" || bad "kill: the run never reached its writes"
kill -KILL $pid; wait $pid 2>/dev/null
left=$(ls -A "$tmp/out" | grep -c -e '^\.corridor-stage\.' -e '\.tmp\.')
dead=$(sh -c 'echo $$')
: > "$tmp/out/links.csv.tmp.$dead.AbCdEf"
: > "$tmp/out/links.csv.tmp.$$.AbCdEf"
"$bin" corridors "$src" --out "$tmp/out" >/dev/null 2>"$tmp/err"
rc=$?
if [ -e "$tmp/out/links.csv.tmp.$$.AbCdEf" ]; then live=kept; rm -f "$tmp/out/links.csv.tmp.$$.AbCdEf"; else live=removed; fi
if [ "$left" -ge 1 ] && [ $rc -eq 0 ] && grep -q "removed 2 leftovers of dead runs" "$tmp/err" && [ $live = kept ] && is_set base; then
  ok "after SIGKILL: $(cat "$tmp/err"); a live pid's temporary kept"
else bad "after SIGKILL: $left leftovers, exit $rc, stderr '$(cat "$tmp/err")', live pid's temporary $live, set: $(cat "$tmp/now.sig")"; fi

# ... and SIGKILL half way through the switch: the next run completes it first
fresh; rm -f "$tmp/mark"
COR_SHIM_SWITCH=1 COR_SHIM_RENAME_PAUSE=links.csv COR_SHIM_MARK="$tmp/mark" LD_PRELOAD="$shim" \
  "$bin" corridors "$src" --year 2040 --out "$tmp/out" >/dev/null 2>&1 &
pid=$!
wait_for "$tmp/mark" || bad "kill in switch: the run never reached its switch"
kill -KILL $pid; wait $pid 2>/dev/null
[ -e "$tmp/out/.corridor-commit" ] || bad "kill in switch: no journal left"
# a run that fails on its input still completes the switch before it stops
"$bin" corridors "$tmp/no-such-data" --out "$tmp/out" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -ne 0 ] && grep -q "completed the switch of an interrupted run" "$tmp/err" && is_set 2040; then
  ok "SIGKILL during the switch: the next run completed it (the 2040 set whole)"
else bad "SIGKILL during the switch: exit $rc, $(cat "$tmp/err"), set: $(cat "$tmp/now.sig")"; fi
finish
