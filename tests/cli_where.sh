#!/bin/sh
# Errors say where (issue 13 item 17): file, line and field — or scenario
# file and line — for an unknown demand class, a link's bad mode, an
# overflow a scenario edit causes, a directory given for a file (exit 4, "is
# a directory"), a failed write (with the system's reason) and an option
# whose product overflows (--distance-factor 1e308: a usage error).
# usage: sh cli_where.sh CORRIDOR_BIN SOURCE_DIR
set -u
bin=$1
. "$2/tests/testlib.sh"
src=$2/tests/data/andes

mkcase() { rm -rf "$tmp/$1"; cp -r "$src" "$tmp/$1"; }

mkcase cls
echo "bo_santa_cruz,ar_rosario,cars,10" >> "$tmp/cls/demand.csv"
n=$(wc -l < "$tmp/cls/demand.csv")
expect 2 "cls/demand.csv:$n: field class: demand class 'cars' is not in class.csv" "unknown demand class" -- corridors "$tmp/cls"

mkcase mode
awk -F, -v OFS=, 'NR == 4 { $6 = "hovercraft" } { print }' "$src/link.csv" > "$tmp/mode/link.csv"
id=$(awk -F, 'NR == 4 { print $1 }' "$src/link.csv")
expect 2 "mode/link.csv:4: link $id: field mode: unknown mode 'hovercraft'" "bad link mode" -- corridors "$tmp/mode"

printf 'name tiny\n# capacities scaled to nothing: time at the total demand overflows\nscale-capacity link A01 1e-300\n' > "$tmp/tiny.scenario"
expect 2 "tiny.scenario:3: this edit leaves a model that cannot be solved: .*link.csv:2: link A01: travel time" \
  "overflow made by a scenario edit (freight)" -- scenario "$src" --scenario "$tmp/tiny.scenario" --out "$tmp/o1"
printf 'name more\nscale-demand 1e300\n' > "$tmp/more.scenario"
expect 2 "more.scenario:2: this edit leaves a model that cannot be solved" "overflow made by a demand edit" -- \
  scenario "$src" --scenario "$tmp/more.scenario" --out "$tmp/o1"
printf '<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 2\n<FIRST THRU NODE> 1\n<NUMBER OF LINKS> 2\n<END OF METADATA>\n1 2 10 5 1 0.15 4 0 0 1\n2 1 10 5 1 0.15 4 0 0 1\n' > "$tmp/net.tntp"
printf '<NUMBER OF ZONES> 2\n<END OF METADATA>\nOrigin 1\n2 : 5;\n' > "$tmp/trips.tntp"
printf 'name slow\nscale-time link 1 1e308\n' > "$tmp/slow.scenario"
printf 'name inf\nscale-time link 1 1e308\nscale-time link 1 10\n' > "$tmp/inf.scenario"
expect 2 "inf.scenario:3: field link: makes a capacity, time or cost of link 1 overflow" "overflow in an edit itself" -- \
  exposure "$tmp/net.tntp" --demand "$tmp/trips.tntp" --scenario "$tmp/inf.scenario"
expect 2 "slow.scenario:2: this edit leaves a model that cannot be solved: .*net.tntp:6: link 1: travel time at the total demand" \
  "overflow made by a scenario edit (TNTP)" -- \
  exposure "$tmp/net.tntp" --demand "$tmp/trips.tntp" --scenario "$tmp/slow.scenario"

mkdir -p "$tmp/adir"
expect 4 "adir: is a directory, not a file" "--scenario DIR" -- scenario "$src" --scenario "$tmp/adir" --out "$tmp/o2"
expect 4 "adir: is a directory, not a file" "--demand DIR" -- assign "$tmp/net.tntp" --demand "$tmp/adir" --out "$tmp/o2"
expect 4 "adir: is a directory, not a file" "--hazards DIR" -- risk "$src" --hazards "$tmp/adir" --out "$tmp/o2"
expect 4 "adir: is a directory, not a file" "--values DIR" -- exposure "$src" --values "$tmp/adir"

expect 1 "distance factor 1e+308 x length 5 of .*net.tntp:6: link 1 overflows" "--distance-factor 1e308" -- \
  assign "$tmp/net.tntp" --demand "$tmp/trips.tntp" --distance-factor 1e308 --out "$tmp/o3"

# a failed write names the file (where it goes, not the staging directory)
# and the system's reason; the earlier set stays
"$bin" corridors "$src" --out "$tmp/w" >/dev/null 2>&1
before=$(cd "$tmp/w" && cksum corridors.csv paths.csv links.csv)
(ulimit -f 1 2>/dev/null; trap '' XFSZ; exec "$bin" corridors "$src" --year 2040 --out "$tmp/w" >/dev/null 2>"$tmp/stderr")
rc=$?
if [ $rc -eq 4 ] && grep -q "w/[a-z]*\.csv: write failed: File too large" "$tmp/stderr" &&
   [ "$before" = "$(cd "$tmp/w" && cksum corridors.csv paths.csv links.csv)" ]; then ok "failed write: $(cat "$tmp/stderr")"
else bad "failed write: exit $rc, $(cat "$tmp/stderr")"; fi
finish
