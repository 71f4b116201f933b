#!/bin/sh
# GMNS directories through the CLI: `corridor info` and `corridor assign` on
# tests/data/gmns/two_link (equilibrium: equal times, volumes sum to the
# demand), `corridor info data/eurasia` when present, and bad GMNS input
# (non-zero exit, file:line: field in the message, no output left behind).
# usage: sh cli_gmns.sh CORRIDOR_BIN SOURCE_DIR
set -u
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

net="$src/tests/data/gmns/two_link"
out=$("$bin" info "$net" 2>&1) || fail "info two_link: exit $?: $out"
case "$out" in *"links     2"*"zones     2"*"allowed_uses"*"total 1000"*) echo "ok   info two_link" ;;
  *) fail "info two_link output: $out" ;; esac

msg=$("$bin" assign "$net" --method bfw --gap 1e-10 --out "$tmp/eq" 2>&1) || fail "assign two_link: exit $?: $msg"
lp="$tmp/eq/link_performance.csv"
if [ -f "$lp" ]; then
  # columns: link_id,from_node_id,to_node_id,volume,travel_time,...
  awk -F, 'NR > 1 { v += $4; if (t == "") t = $5; else if (($5 - t) > 1e-6 || (t - $5) > 1e-6) bad = 1; n++ }
           END { if (n != 2 || bad || (v - 1000) > 1e-6 || (1000 - v) > 1e-6) exit 1 }' "$lp" \
    && echo "ok   assign two_link: equal times, volume 1000" || fail "assign two_link: not at equilibrium: $(cat "$lp")"
  grep -q '^short,1,2,' "$lp" || fail "assign two_link: link ids/node ids not kept: $(cat "$lp")"
else
  fail "assign two_link: no link_performance.csv ($msg)"
fi

if [ -d "$src/data/eurasia" ]; then
  out=$("$bin" info "$src/data/eurasia" 2>&1) || fail "info data/eurasia: exit $?: $out"
  case "$out" in *"extra link columns:"*"corridor"*) echo "ok   info data/eurasia" ;;
    *) fail "info data/eurasia output: $out" ;; esac
fi

# bad input: copy the fixture, break one file, expect exit 2 and the location
bad() {
  name=$1; file=$2; text=$3; pattern=$4
  d="$tmp/$name"
  mkdir -p "$d" "$tmp/out-$name"
  cp "$net"/*.csv "$d/"
  printf '%b' "$text" > "$d/$file"
  msg=$("$bin" assign "$d" --method bfw --out "$tmp/out-$name" 2>&1)
  rc=$?
  ok=1
  [ "$rc" -eq 2 ] || { fail "$name: exit $rc, expected 2"; ok=0; }
  case "$msg" in *"$pattern"*) ;; *) fail "$name: message lacks '$pattern': $msg"; ok=0 ;; esac
  [ -z "$(ls -A "$tmp/out-$name")" ] || { fail "$name: output left behind"; ok=0; }
  [ $ok -eq 1 ] && echo "ok   $name: $msg"
}
L='link_id,from_node_id,to_node_id,directed,length,free_speed,capacity,lanes,VDF_alpha1,VDF_beta1\n'
bad unknown-node link.csv "${L}short,1,2,1,10,60,50,2,1,1\nlong,1,9,1,20,60,200,1,1,1\n" "link.csv:3: field to_node_id: unknown node '9'"
bad bad-capacity link.csv "${L}short,1,2,1,10,60,abc,2,1,1\n" "link.csv:2: field capacity: not a finite number"
bad zero-capacity link.csv "${L}short,1,2,1,10,60,0,2,1,1\n" "link.csv:2: field capacity: zero on a BPR link"
bad dup-node node.csv "node_id,zone_id\n1,1\n2,2\n2,\n" "node.csv:4: field node_id: duplicate node id '2'"
bad demand-zone demand.csv "o_zone_id,d_zone_id,volume\n1,2,5\n1,7,5\n" "demand.csv:3: field d_zone_id: unknown zone '7'"
bad demand-negative demand.csv "o_zone_id,d_zone_id,volume\n1,2,-5\n" "demand.csv:2: field volume: negative"
bad empty-link link.csv "" "link.csv: empty file"

[ $fails -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all passed"
