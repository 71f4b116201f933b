#!/bin/sh
# Derived quantities stay finite (issue 13 item 10): capacity x lanes, a
# capacity unit converted to tonnes, value x tonnes and coordinates that
# would overflow a centroid or a map position are input errors naming file,
# line and field; nothing is written; and no output of a run holds NaN or
# inf.
# usage: sh cli_finite.sh CORRIDOR_BIN SOURCE_DIR
set -u
bin=$1
. "$2/tests/testlib.sh"
src=$2/tests/data/andes

untouched="$tmp/out"

mkdir -p "$tmp/g"
printf 'node_id,x_coord,y_coord,zone_id\n1,0,0,1\n2,1,0,2\n' > "$tmp/g/node.csv"
printf 'link_id,from_node_id,to_node_id,capacity,lanes,free_flow_time\na,1,2,1e308,10,1\nb,2,1,100,1,1\n' > "$tmp/g/link.csv"
printf 'o_zone_id,d_zone_id,volume\n1,2,10\n' > "$tmp/g/demand.csv"
expect 2 "g/link.csv:2: field lanes: capacity 1e308 x lanes 10 overflows" "GMNS capacity x lanes" -- assign "$tmp/g" --out "$tmp/out"

printf 'node_id,x_coord,y_coord,zone_id\n1,0,0,1\n2,1e308,0,2\n' > "$tmp/g/node.csv"
printf 'link_id,from_node_id,to_node_id,capacity,lanes,free_flow_time\na,1,2,100,1,1\nb,2,1,100,1,1\n' > "$tmp/g/link.csv"
expect 2 "g/node.csv:3: field x_coord: 1e308 is out of range" "GMNS coordinate 1e308" -- report "$tmp/g" --out "$tmp/out"
printf 'node_id,x_coord,y_coord,zone_id\n1,-1e15,-1e15,1\n2,1e15,1e15,2\n' > "$tmp/g/node.csv"
if "$bin" report "$tmp/g" --out "$tmp/rep" >/dev/null 2>"$tmp/stderr" && ! grep -q -i -w -e nan -e inf "$tmp/rep/index.html"; then
  ok "report at the largest coordinates (1e15): no NaN or inf in the page"
else bad "report at 1e15: $(cat "$tmp/stderr") $(grep -o -i -w -e nan -e inf "$tmp/rep/index.html" | head -3)"; fi

printf '<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 2\n<FIRST THRU NODE> 1\n<NUMBER OF LINKS> 2\n<END OF METADATA>\n1 2 10 5 1 0.15 4 0 0 1\n2 1 10 5 1 0.15 4 0 0 1\n' > "$tmp/net.tntp"
printf '<NUMBER OF ZONES> 2\n<END OF METADATA>\nOrigin 1\n2 : 5;\n' > "$tmp/trips.tntp"
printf 'node x y\n1 0 0\n2 -1e300 0\n' > "$tmp/node.tntp"
expect 2 "node.tntp:3: field x: -1e300 is out of range" "TNTP coordinate -1e300" -- report "$tmp/net.tntp" --demand "$tmp/trips.tntp" --nodes "$tmp/node.tntp" --out "$tmp/out"

rm -rf "$tmp/u"; cp -r "$src" "$tmp/u"
python3 - "$tmp/u" <<'PY'
import csv, os, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(d, "link.csv"), newline="")))
cols = list(rows[0].keys()) + ["capacity_unit"]
for r in rows:
    r["capacity_unit"] = ""
rows[1]["capacity"], rows[1]["capacity_unit"] = "1e308", "TEU/yr"
with open(os.path.join(d, "link.csv"), "w", newline="") as fp:
    w = csv.DictWriter(fp, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
PY
expect 2 "u/link.csv:3: link A01r: field capacity: 1e+308 TEU/yr at 12 t per unit overflows in tonnes" "capacity unit to tonnes" -- corridors "$tmp/u"

awk -F, -v OFS=, 'NR > 1 && $1 !~ /^#/ { $2 = "1e308" } { print }' "$2/data/eurasia/scenarios/values.csv" > "$tmp/values.csv"
expect 2 "values.csv:2: field value_usd_t: 1e308 is out of range" "exposure --values 1e308" -- exposure "$2/data/eurasia" --values "$tmp/values.csv" --out "$tmp/out"

# the outputs of ordinary runs hold no NaN or inf anywhere
"$bin" corridors "$src" --out "$tmp/o1" >/dev/null 2>&1 && "$bin" exposure "$src" --out "$tmp/o2" >/dev/null 2>&1 &&
  "$bin" report "$src" --out "$tmp/o3" >/dev/null 2>&1 || bad "ordinary runs failed"
found=$(grep -r -l -i -w -e nan -e inf -e infinity "$tmp/o1" "$tmp/o2" "$tmp/o3"/*.html "$tmp/o3"/*.geojson 2>/dev/null)
[ -z "$found" ] && ok "no NaN or inf in the outputs of corridors, exposure and report" || bad "NaN or inf in: $found"
finish
