#!/bin/sh
# Bad input to `corridor assign`: each case must fail with a non-zero exit, a
# message naming the file (and line where there is one), and leave no output.
# usage: sh cli_badinput.sh CORRIDOR_BIN SOURCE_DIR
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
pass=0

good_net() {
cat <<'N'
<NUMBER OF ZONES> 2
<NUMBER OF NODES> 3
<FIRST THRU NODE> 1
<NUMBER OF LINKS> 3
<END OF METADATA>
~ init term cap len fft b power speed toll type ;
1	3	100	1	5	0.15	4	0	0	1	;
3	2	100	1	5	0.15	4	0	0	1	;
1	2	100	1	20	0.15	4	0	0	1	;
N
}
good_trips() {
printf '<NUMBER OF ZONES> 2\n<END OF METADATA>\nOrigin 1\n 2 : 100.0;\n'
}

# case NAME EXPECT_EXIT EXPECT_IN_MESSAGE NETFILE TRIPSFILE
check() {
  name=$1; want=$2; pattern=$3; net=$4; trips=$5
  out="$tmp/out-$name"
  mkdir -p "$out"
  msg=$("$bin" assign "$net" --demand "$trips" --method bfw --out "$out" 2>&1)
  rc=$?
  ok=1
  [ "$rc" -eq "$want" ] || { echo "FAIL $name: exit $rc, expected $want"; ok=0; }
  case "$msg" in *"$pattern"*) ;; *) echo "FAIL $name: message lacks '$pattern': $msg"; ok=0 ;; esac
  n=$(ls -A "$out" | wc -l)
  [ "$n" -eq 0 ] || { echo "FAIL $name: $n files left in output: $(ls -A "$out")"; ok=0; }
  if [ $ok -eq 1 ]; then pass=$((pass + 1)); echo "ok   $name: $msg"; else fails=$((fails + 1)); fi
}

good_net > "$tmp/good_net.tntp"
good_trips > "$tmp/good_trips.tntp"

check missing-file 4 "$tmp/nope_net.tntp: cannot open" "$tmp/nope_net.tntp" "$tmp/good_trips.tntp"
: > "$tmp/empty_net.tntp"
check empty-file 2 "empty_net.tntp:1: empty file" "$tmp/empty_net.tntp" "$tmp/good_trips.tntp"
good_net | sed 's/^3	2	100	1	5	0.15	4	0	0	1	;$/3	2	100	1	5/' > "$tmp/trunc_net.tntp"
check truncated-line 2 "trunc_net.tntp:8: field b" "$tmp/trunc_net.tntp" "$tmp/good_trips.tntp"
good_net | sed 's/^1	3	100/1	3	abc/' > "$tmp/cap_net.tntp"
check non-numeric-capacity 2 "cap_net.tntp:7: field capacity: not a finite number: 'abc'" "$tmp/cap_net.tntp" "$tmp/good_trips.tntp"
good_net | sed 's/^1	2	100	1	20/1	2	100	1	-20/' > "$tmp/fft_net.tntp"
check negative-fft 2 "fft_net.tntp:9: field free_flow_time: negative" "$tmp/fft_net.tntp" "$tmp/good_trips.tntp"
good_net | sed 's/^3	2	100/3	2	0/' > "$tmp/zcap_net.tntp"
check zero-capacity-bpr 2 "zcap_net.tntp:8: field capacity: zero on a BPR link" "$tmp/zcap_net.tntp" "$tmp/good_trips.tntp"
good_net | sed 's/^3	2	100/3	9	100/' > "$tmp/node_net.tntp"
check unknown-node 2 "node_net.tntp:8: field term_node: unknown node 9" "$tmp/node_net.tntp" "$tmp/good_trips.tntp"
printf '<NUMBER OF ZONES> 2\n<END OF METADATA>\nOrigin 1\n 5 : 100.0;\n' > "$tmp/zone_trips.tntp"
check unknown-zone 2 "zone_trips.tntp:4: field destination: unknown zone 5" "$tmp/good_net.tntp" "$tmp/zone_trips.tntp"
good_net | sed 's/^1	2	100	1	20/1	2	nan	1	20/' > "$tmp/nan_net.tntp"
check nan-capacity 2 "nan_net.tntp:9: field capacity: not a finite number: 'nan'" "$tmp/nan_net.tntp" "$tmp/good_trips.tntp"
good_net | sed 's/^1	2	100	1	20/1	2	100	1	inf/' > "$tmp/inf_net.tntp"
check inf-fft 2 "inf_net.tntp:9: field free_flow_time: not a finite number: 'inf'" "$tmp/inf_net.tntp" "$tmp/good_trips.tntp"
printf '<NUMBER OF ZONES> 2\n<END OF METADATA>\nOrigin 1\n 2 : 1e999;\n' > "$tmp/huge_trips.tntp"
check overflow-demand 2 "huge_trips.tntp:4: field volume: not a finite number" "$tmp/good_net.tntp" "$tmp/huge_trips.tntp"
# zone 2 reachable from 1 only: demand 2 -> 1 has no path
printf '<NUMBER OF ZONES> 2\n<END OF METADATA>\nOrigin 2\n 1 : 10.0;\n' > "$tmp/unreach_trips.tntp"
check no-reachable-destination 2 "unreach_trips.tntp: demand 2 -> 1 (10, class all) has no path" "$tmp/good_net.tntp" "$tmp/unreach_trips.tntp"
good_net | sed 's/<NUMBER OF LINKS> 3/<NUMBER OF LINKS> 4/' > "$tmp/count_net.tntp"
check link-count-mismatch 2 "count_net.tntp: <NUMBER OF LINKS> says 4 but the file has 3 link rows (truncated?)" "$tmp/count_net.tntp" "$tmp/good_trips.tntp"
good_net | sed 's/<NUMBER OF NODES> 3/<NUMBER OF NODES> 1000000000000/;s/<NUMBER OF ZONES> 2/<NUMBER OF ZONES> 1000000000000/' > "$tmp/big_net.tntp"
check huge-header 2 "big_net.tntp: <NUMBER OF ZONES> 1000000000000 is implausible" "$tmp/big_net.tntp" "$tmp/good_trips.tntp"

# the good case works and writes both files
out="$tmp/out-good"
if "$bin" assign "$tmp/good_net.tntp" --demand "$tmp/good_trips.tntp" --gap 1e-9 --out "$out" >/dev/null 2>&1 &&
   [ -s "$out/link_performance.csv" ] && [ -s "$out/convergence.csv" ] && [ "$(ls -A "$out" | wc -l)" -eq 2 ]; then
  pass=$((pass + 1)); echo "ok   good-input"
else
  fails=$((fails + 1)); echo "FAIL good-input"
fi
echo "$pass passed, $fails failed"
[ "$fails" -eq 0 ]
