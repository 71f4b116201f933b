#!/bin/sh
# `corridor assign` on freight data (data/eurasia): the freight model is used
# (class columns, modes respected) and the class volumes add up.
# usage: sh cli_assign_freight.sh CORRIDOR_BIN SOURCE_DIR
set -u
bin=$1
src=$2
[ -f "$src/data/eurasia/class.csv" ] || { echo "no data/eurasia: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fails=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fails=$((fails + 1)); echo "FAIL $1"; }

if "$bin" assign "$src/data/eurasia" --gap 1e-10 --out "$tmp/base" > "$tmp/log" 2>&1; then ok "assign runs"; else bad "assign runs: $(cat "$tmp/log")"; fi
lp="$tmp/base/link_performance.csv"
head -1 "$lp" | grep -q ',volume_containers,volume_oil,' && ok "class columns" || bad "class columns: $(head -1 "$lp")"
# class volumes sum to the total on every link
awk -F, 'NR > 1 { s = 0; for (i = 9; i <= NF; i++) s += $i; d = s - $4; if (d < 0) d = -d; if (d > 1e-6 * ($4 + 1)) { print "row " NR ": " $4 " vs " s; bad = 1 } } END { exit bad }' "$lp" \
  && ok "class volumes add up" || bad "class volumes add up"
# no container tonnes on pipelines: join link modes from link.csv
awk -F, 'NR == FNR { if (FNR == 1) { for (i = 1; i <= NF; i++) if ($i == "mode") mc = i; next } mode[$1] = $mc; next }
         FNR == 1 { for (i = 1; i <= NF; i++) if ($i == "volume_containers") cc = i; next }
         mode[$1] == "pipeline" && $cc > 0 { print "containers on pipeline " $1; bad = 1 } END { exit bad }' \
  "$src/data/eurasia/link.csv" "$lp" && ok "containers never on pipelines" || bad "containers never on pipelines"
grep -q 'converged' "$tmp/log" && ok "converged" || bad "converged: $(cat "$tmp/log")"
# generic factors make no sense for freight data
"$bin" assign "$src/data/eurasia" --toll-factor 1 --out "$tmp/x" > /dev/null 2>&1
[ $? -eq 1 ] && ok "toll factor rejected" || bad "toll factor rejected"
echo "$pass passed, $fails failed"
[ "$fails" -eq 0 ]
