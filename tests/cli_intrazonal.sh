#!/bin/sh
# Demand from a zone to itself (issue 13 item 8) is counted and reported by
# every summary — info, assign, corridors (table and JSON), scenario's
# summary.csv (intrazonal_t), the report's summary table — never silently
# dropped: served + unserved + intrazonal = every tonne of demand.csv.
# usage: sh cli_intrazonal.sh CORRIDOR_BIN SOURCE_DIR
set -u
bin=$1
. "$2/tests/testlib.sh"
cp -r "$2/tests/data/andes" "$tmp/d"
# 2.5 Mt of soy from Santa Cruz to Santa Cruz, and 0.4 Mt general cargo to itself
printf 'bo_santa_cruz,bo_santa_cruz,soy,2500000\nar_rosario,ar_rosario,general,400000\n' >> "$tmp/d/demand.csv"
total=$(awk -F, 'NR > 1 && $1 !~ /^#/ { s += $4 } END { printf "%.0f", s }' "$tmp/d/demand.csv")

"$bin" corridors "$tmp/d" > "$tmp/c.out" 2>&1 || bad "corridors: $(cat "$tmp/c.out")"
grep -q "^intrazonal: 2.900 Mt/yr from a zone to itself" "$tmp/c.out" && ok "corridors table: intrazonal 2.900 Mt/yr" ||
  bad "corridors table: $(grep -i intra "$tmp/c.out")"
"$bin" corridors "$tmp/d" --json > "$tmp/c.json" 2>&1
python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["intrazonal_tonnes"] == 2900000, j["intrazonal_tonnes"]
' "$tmp/c.json" && ok "corridors JSON: intrazonal_tonnes 2900000" || bad "corridors JSON"

printf 'name nothing\nscale-cost link A01 1\n' > "$tmp/s.scenario"
"$bin" scenario "$tmp/d" --scenario "$tmp/s.scenario" --out "$tmp/o" > /dev/null 2>"$tmp/err" || bad "scenario: $(cat "$tmp/err")"
python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1] + "/summary.csv")))
total = float(sys.argv[2])
for r in rows:
    s, u, i = float(r["served_t"]), float(r["unserved_t"]), float(r["intrazonal_t"])
    assert i == 2900000, r
    assert abs(s + u + i - total) <= 1e-9 * total, (s, u, i, total)
' "$tmp/o" "$total" && ok "scenario summary.csv: served + unserved + intrazonal_t = all $total t of demand.csv" ||
  bad "scenario summary.csv: $(cat "$tmp/o/summary.csv")"

"$bin" report "$tmp/d" --out "$tmp/r" > /dev/null 2>"$tmp/err" || bad "report: $(cat "$tmp/err")"
grep -q "intrazonal demand" "$tmp/r/index.html" && ok "report summary: an intrazonal row" || bad "report: no intrazonal row"

# TNTP: info and assign
printf '<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 2\n<FIRST THRU NODE> 1\n<NUMBER OF LINKS> 2\n<END OF METADATA>\n1 2 10 1 1 0.15 4 0 0 1\n2 1 10 1 1 0.15 4 0 0 1\n' > "$tmp/net.tntp"
printf '<NUMBER OF ZONES> 2\n<END OF METADATA>\nOrigin 1\n1 : 7; 2 : 5;\nOrigin 2\n2 : 11;\n' > "$tmp/trips.tntp"
"$bin" info "$tmp/net.tntp" --demand "$tmp/trips.tntp" > "$tmp/i.out" 2>&1
grep -q "total 23 (intrazonal 18:" "$tmp/i.out" && ok "info: total 23, intrazonal 18" || bad "info: $(cat "$tmp/i.out")"
"$bin" assign "$tmp/net.tntp" --demand "$tmp/trips.tntp" --out "$tmp/a" > "$tmp/a.out" 2>&1
if grep -q "assign: 18 intrazonal demand" "$tmp/a.out" && [ "$(awk -F, 'NR > 1 { s += $4 } END { print s }' "$tmp/a/link_performance.csv")" = 5 ]; then
  ok "assign: 18 intrazonal counted, the 5 others on the links"
else bad "assign: $(cat "$tmp/a.out")"; fi
finish
