#!/bin/sh
# Real data that used to be refused (issue 13 items 13-14): a TNTP
# subnetwork keeping its original node numbers (a header of 5000 nodes, a
# handful used) is read and solved like its densely numbered twin; a
# self-loop, in TNTP or GMNS, is skipped with a warning naming file, line
# and count, and refused with --strict (exit 2).
# usage: sh cli_lenient.sh CORRIDOR_BIN SOURCE_DIR
set -u
bin=$1
. "$2/tests/testlib.sh"

# the same 4-node network numbered 1 2 3 4 and 1 2 4711 4999
net() { # $1 = node count in the header, $2 $3 = the two through nodes, $4 = extra rows, $5 = link count
  printf '<NUMBER OF ZONES> 2\n<NUMBER OF NODES> %s\n<FIRST THRU NODE> 1\n<NUMBER OF LINKS> %s\n<END OF METADATA>\n' "$1" "$5"
  printf '1\t%s\t100\t1\t5\t0.15\t4\t0\t0\t1\t;\n%s\t2\t100\t1\t5\t0.15\t4\t0\t0\t1\t;\n' "$2" "$2"
  printf '1\t%s\t100\t1\t6\t0.15\t4\t0\t0\t1\t;\n%s\t2\t100\t1\t6\t0.15\t4\t0\t0\t1\t;\n' "$3" "$3"
  printf '%b' "$4"
}
net 4 3 4 "" 4 > "$tmp/dense_net.tntp"
net 5000 4711 4999 "" 4 > "$tmp/sparse_net.tntp"
printf '<NUMBER OF ZONES> 2\n<END OF METADATA>\nOrigin 1\n 2 : 300.0;\n' > "$tmp/trips.tntp"
for k in dense sparse; do
  "$bin" assign "$tmp/${k}_net.tntp" --demand "$tmp/trips.tntp" --gap 1e-10 --out "$tmp/o_$k" >/dev/null 2>"$tmp/err_$k" ||
    bad "$k numbering: $(cat "$tmp/err_$k")"
  # volumes and times, the node ids aside
  cut -d, -f4- "$tmp/o_$k/link_performance.csv" > "$tmp/$k.vol"
done
if cmp -s "$tmp/dense.vol" "$tmp/sparse.vol" && grep -q '^[^,]*,1,4999,' "$tmp/o_sparse/link_performance.csv"; then
  ok "sparse node numbers (5000 in the header, 4 used): same flows as the dense twin"
else bad "sparse numbering: $(diff "$tmp/dense.vol" "$tmp/sparse.vol" | head -4)"; fi
"$bin" info "$tmp/sparse_net.tntp" > "$tmp/info" 2>&1
if grep -q "nodes *4\b\|4 nodes" "$tmp/info"; then ok "info counts the 4 nodes read, not the header's 5000"
else bad "info on the sparse network: $(head -5 "$tmp/info")"; fi

# self-loops: TNTP
net 4 3 4 '3\t3\t100\t1\t1\t0.15\t4\t0\t0\t1\t;\n4\t4\t100\t1\t1\t0.15\t4\t0\t0\t1\t;\n' 6 > "$tmp/loop_net.tntp"
"$bin" assign "$tmp/loop_net.tntp" --demand "$tmp/trips.tntp" --gap 1e-10 --out "$tmp/o_loop" >/dev/null 2>"$tmp/err"
rc=$?
cut -d, -f4- "$tmp/o_loop/link_performance.csv" 2>/dev/null > "$tmp/loop.vol"
if [ $rc -eq 0 ] && grep -q "warning: .*loop_net.tntp:10: field term_node: equals init_node 3: self-loop skipped (2 in all" "$tmp/err" &&
   cmp -s "$tmp/dense.vol" "$tmp/loop.vol"; then ok "TNTP self-loops skipped: $(cat "$tmp/err")"
else bad "TNTP self-loops: exit $rc, $(cat "$tmp/err")"; fi
rm -rf "$tmp/o_strict"
"$bin" assign "$tmp/loop_net.tntp" --demand "$tmp/trips.tntp" --strict --out "$tmp/o_strict" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "loop_net.tntp:10: field term_node: .*refused in strict mode" "$tmp/err" && [ ! -e "$tmp/o_strict" ]; then
  ok "--strict refuses the self-loop: exit 2, nothing written"
else bad "--strict: exit $rc, $(cat "$tmp/err")"; fi
"$bin" info "$tmp/loop_net.tntp" --strict >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && ok "info --strict: exit 2" || bad "info --strict: $(cat "$tmp/err")"

# self-loops: GMNS
mkdir -p "$tmp/g"
printf 'node_id,x_coord,y_coord\n1,0,0\n2,1,0\n3,2,0\n' > "$tmp/g/node.csv"
printf 'link_id,from_node_id,to_node_id,capacity,free_flow_time,vdf_alpha,vdf_beta\na,1,2,100,1,0.15,4\nloop,2,2,100,1,0.15,4\nb,2,3,100,1,0.15,4\n' > "$tmp/g/link.csv"
"$bin" info "$tmp/g" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && grep -q "warning: .*link.csv:3: field to_node_id: equals from_node_id '2': self-loop skipped (1 in all" "$tmp/err"; then
  ok "GMNS self-loop skipped with a warning"
else bad "GMNS self-loop: exit $rc, $(cat "$tmp/err")"; fi
finish
