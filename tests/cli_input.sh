#!/bin/sh
# Inputs that are odd but legitimate, and the errors of issue #13 items 14-18:
# each check fails before its change.
# usage: sh cli_input.sh CORRIDOR_BIN SOURCE_DIR
set -u
bin=$1
src=$2
andes=$src/tests/data/andes
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
pass=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
fail() { fails=$((fails + 1)); echo "FAIL $*"; }
# expect NAME EXIT PATTERN -- command...: exit code and a message fragment
expect() {
  name=$1; want=$2; pattern=$3; shift 4
  msg=$("$@" 2>&1)
  rc=$?
  if [ "$rc" -ne "$want" ]; then fail "$name: exit $rc, expected $want: $msg"
  else case "$msg" in *"$pattern"*) ok "$name" ;; *) fail "$name: message lacks '$pattern': $msg" ;; esac
  fi
}
# same_outputs NAME DIR1 DIR2: every file of DIR1 is in DIR2, byte for byte
# (convergence.csv without its wall-clock column)
same_outputs() {
  for f in "$2"/*; do
    g=$3/$(basename "$f")
    case "$f" in
      */convergence.csv) [ "$(cut -d, -f2 --complement "$f")" = "$(cut -d, -f2 --complement "$g")" ] ;;
      *) cmp -s "$f" "$g" ;;
    esac || { fail "$1: $(basename "$f") differs"; return; }
  done
  ok "$1"
}

# ---- item 15: enumerations ignore case ------------------------------------
"$bin" corridors "$andes" --out "$tmp/ref" >"$tmp/ref.txt" 2>&1 || fail "andes corridors exit $?"
cp -r "$andes" "$tmp/case"
awk -F, 'BEGIN { OFS = "," } NR > 1 { $6 = toupper(substr($6, 1, 1)) substr($6, 2); $15 = toupper($15) } { print }' \
  "$andes/link.csv" > "$tmp/case/link.csv"
sed '1s/.*/CLASS,Value_Of_Time,ALLOWED_MODES,unit,tonnes_per_unit,description/; 2,$s/rail;road/Rail;ROAD/' \
  "$andes/class.csv" > "$tmp/case/class.csv"
sed '2,$s/,trunk,/,Trunk,/' "$andes/corridors.csv" > "$tmp/case/corridors.csv"
sed '2,$s/,both,open,/,Both,OPEN,/; 2,$s/,corridors,flow,,ferry,/,Corridors,Flow,,Ferry,/' \
  "$andes/highlights.csv" > "$tmp/case/highlights.csv"
if grep -q ',Rail,' "$tmp/case/link.csv" && grep -q ',OPEN,' "$tmp/case/link.csv"; then
  "$bin" corridors "$tmp/case" --out "$tmp/case-out" >"$tmp/case.txt" 2>&1 || fail "mode Rail, status OPEN: exit $?: $(cat "$tmp/case.txt")"
  same_outputs "mode/status/role/use/list/column names in any case" "$tmp/ref" "$tmp/case-out"
else
  fail "test data not capitalised"
fi
expect "method name in any case" 0 "" -- "$bin" corridors "$andes" --method BUSH --out "$tmp/m"

echo "$pass passed, $fails failed"
[ "$fails" -eq 0 ]
