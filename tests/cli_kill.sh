#!/bin/sh
# Interrupting corridor: SIGINT/SIGTERM during a long `assign` (solver
# polling the flag) and during `route` (no polling) must exit 130, leave no
# temporary or partial file in the output directory and keep the previous
# results byte for byte.
# usage: sh cli_kill.sh CORRIDOR_BIN SOURCE_DIR
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
pass=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fails=$((fails + 1)); echo "FAIL $*"; }

# A 40 x 40 grid, both directions, 64 zones on every fifth row and column
# (TNTP zones are nodes 1..Z, so zone cells are numbered first).
n=40
awk -v n=$n 'BEGIN {
  z = 0
  for (r = 0; r < n; r++) for (c = 0; c < n; c++) if (r % 5 == 0 && c % 5 == 0) id[r, c] = ++z
  k = z
  for (r = 0; r < n; r++) for (c = 0; c < n; c++) if (!((r, c) in id)) id[r, c] = ++k
  m = 0
  for (r = 0; r < n; r++) for (c = 0; c < n; c++) {
    if (c + 1 < n) { row[++m] = link(id[r, c], id[r, c + 1], r, c); row[++m] = link(id[r, c + 1], id[r, c], r, c + 1) }
    if (r + 1 < n) { row[++m] = link(id[r, c], id[r + 1, c], r, c); row[++m] = link(id[r + 1, c], id[r, c], r + 1, c) }
  }
  printf "<NUMBER OF ZONES> %d\n<NUMBER OF NODES> %d\n<FIRST THRU NODE> 1\n<NUMBER OF LINKS> %d\n<END OF METADATA>\n", z, n * n, m
  for (i = 1; i <= m; i++) print row[i]
  print z > "/dev/stderr"
}
function link(a, b, r, c) {
  return sprintf("%d\t%d\t%d\t1\t%d\t0.15\t4\t0\t0\t1\t;", a, b, 400 + ((r * 7 + c * 13) % 10) * 100, 1 + (r + c) % 3)
}' > "$tmp/grid_net.tntp" 2> "$tmp/zones"
z=$(cat "$tmp/zones")
awk -v z="$z" 'BEGIN {
  printf "<NUMBER OF ZONES> %d\n<END OF METADATA>\n", z
  for (o = 1; o <= z; o++) {
    printf "Origin %d\n", o
    for (d = 1; d <= z; d++) if (d != o) printf "%d : %d ;\n", d, 50 + (o * d) % 100
  }
}' > "$tmp/grid_trips.tntp"

out="$tmp/out"
# previous results: a short run (exit 3: the iteration limit stopped it)
"$bin" assign "$tmp/grid_net.tntp" --demand "$tmp/grid_trips.tntp" --method fw --max-iter 3 --out "$out" >/dev/null 2>&1
rc=$?
if [ $rc -eq 3 ] && [ -s "$out/link_performance.csv" ] && [ -s "$out/convergence.csv" ]; then
  ok "previous results written (exit 3)"
else
  bad "could not write the previous results (exit $rc)"; echo "$pass passed, $fails failed"; exit 1
fi
before=$(cd "$out" && cksum link_performance.csv convergence.csv)

# Waits until process $1 has used $2 clock ticks of CPU (so it is past
# reading its input and inside the solver), at most 60 s; falls back to
# sleeping 2 s where /proc is missing.
wait_cpu() {
  if [ ! -r "/proc/$1/stat" ]; then sleep 2; return; fi
  i=0
  while [ $i -lt 600 ]; do
    t=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $12 + $13}')
    [ -z "$t" ] && return
    [ "$t" -ge "$2" ] && return
    sleep 0.1
    i=$((i + 1))
  done
}

check_out() {
  what=$1
  left=$(ls -A "$out" | grep -v '^link_performance.csv$' | grep -v '^convergence.csv$')
  [ -z "$left" ] || { bad "$what: files left in the output directory: $left"; return; }
  now=$(cd "$out" && cksum link_performance.csv convergence.csv 2>&1)
  [ "$now" = "$before" ] || { bad "$what: previous results changed"; return; }
  ok "$what: no partial or temporary file, previous results intact"
}

for sig in INT TERM; do
  "$bin" assign "$tmp/grid_net.tntp" --demand "$tmp/grid_trips.tntp" --method fw --gap 1e-15 \
      --max-iter 100000000 --max-seconds 300 --threads 2 --out "$out" >"$tmp/stdout" 2>"$tmp/stderr" &
  pid=$!
  wait_cpu $pid 100
  if ! kill -0 $pid 2>/dev/null; then
    bad "assign SIG$sig: the run ended before the signal ($(cat "$tmp/stderr"))"; continue
  fi
  t0=$(date +%s)
  kill -$sig $pid
  wait $pid
  rc=$?
  t1=$(date +%s)
  if [ $rc -eq 130 ]; then ok "assign SIG$sig: exit 130 after $((t1 - t0)) s"; else bad "assign SIG$sig: exit $rc, expected 130"; fi
  grep -q interrupted "$tmp/stderr" && ok "assign SIG$sig: says interrupted" || bad "assign SIG$sig: stderr: $(cat "$tmp/stderr")"
  check_out "assign SIG$sig"
done

# a command that does not poll the flag exits at once too (it used to run on)
"$bin" route "$tmp/grid_net.tntp" --from 1 --to "$z" --k 1000 >"$tmp/stdout" 2>"$tmp/stderr" &
pid=$!
wait_cpu $pid 50
if kill -0 $pid 2>/dev/null; then
  kill -INT $pid
  wait $pid
  rc=$?
  [ $rc -eq 130 ] && ok "route SIGINT: exit 130" || bad "route SIGINT: exit $rc, expected 130"
else
  wait $pid
  echo "skip route SIGINT: route finished within 1 s"
fi

# the interrupted solver is clean: the same run completes afterwards
"$bin" assign "$tmp/grid_net.tntp" --demand "$tmp/grid_trips.tntp" --method fw --max-iter 3 --out "$out" >/dev/null 2>&1
rc=$?
after=$(cd "$out" && cksum link_performance.csv convergence.csv | awk '{print $1, $2}')
[ $rc -eq 3 ] && [ "$(ls -A "$out" | wc -l)" -eq 2 ] && ok "rerun after interrupts (exit 3, 2 files)" || bad "rerun: exit $rc, $(ls -A "$out")"

echo "$pass passed, $fails failed"
[ "$fails" -eq 0 ]
