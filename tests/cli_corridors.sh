#!/bin/sh
# The main job end to end: `corridor corridors` and `corridor route` on the
# shipped freight data set data/eurasia.  Exit 77 (skipped) without it.
# usage: sh cli_corridors.sh CORRIDOR_BIN SOURCE_DIR
set -u
bin=$1
src=$2
data=$src/data/eurasia
[ -f "$data/class.csv" ] || { echo "skip: $data absent"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# 1. the corridor table, base year, with CSV output
"$bin" corridors "$data" --out "$tmp/base" >"$tmp/table.txt" 2>&1 || fail "corridors exit $?"
for row in middle northern energy; do
    grep -q "^$row " "$tmp/table.txt" || fail "no '$row' row in the table"
done
grep -q "Caspian crossings" "$tmp/table.txt" || fail "no Caspian crossings section"
grep -q "TRIPP" "$tmp/table.txt" || fail "no TRIPP section"
grep -qE "relative gap|convergence measure" "$tmp/table.txt" || fail "no convergence line"
for f in corridors.csv paths.csv links.csv convergence.csv; do
    [ -s "$tmp/base/$f" ] || fail "missing $f"
done
head -1 "$tmp/base/corridors.csv" | grep -q '^corridor,class,basis,tonnes,mean_days,mean_usd_t$' || fail "corridors.csv header"
# every OD row of demand.csv appears in paths.csv with its full volume
awk -F, 'NR > 1 { key = $1 "," $2 "," $3; t[key] += $4 } END { for (k in t) printf "%s,%.0f\n", k, t[k] }' \
    "$tmp/base/paths.csv" | sort >"$tmp/paths_sum"
awk -F, 'NR > 1 { key = $3 "," $1 "," $2; t[key] += $4 } END { for (k in t) printf "%s,%.0f\n", k, t[k] }' \
    "$data/demand.csv" | sort >"$tmp/demand_sum"
cmp -s "$tmp/paths_sum" "$tmp/demand_sum" || { fail "path tonnes != demand"; diff "$tmp/paths_sum" "$tmp/demand_sum" | head; }

# 2. 2030: TRIPP links carry flow
"$bin" corridors "$data" --year 2030 >"$tmp/t2030.txt" 2>&1 || fail "corridors --year 2030 exit $?"
grep -q "^tripp " "$tmp/t2030.txt" || fail "no tripp row in 2030"

# 3. JSON
"$bin" corridors "$data" --json >"$tmp/out.json" 2>"$tmp/err" || fail "json exit $?"
if command -v python3 >/dev/null 2>&1; then
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['converged'] and d['corridors'] and d['links']" \
        "$tmp/out.json" || fail "invalid JSON"
fi

# 4. three distinct corridors Xi'an -> Constanta
"$bin" route "$data" --from cn_xian --to ro_constanta --k 3 >"$tmp/route.txt" 2>&1 || fail "route exit $?"
n=$(grep -c '^route [0-9]' "$tmp/route.txt")
[ "$n" = 3 ] || fail "expected 3 routes, got $n"
d=$(grep '^route [0-9]' "$tmp/route.txt" | awk '{print $3}' | sort -u | wc -l)
[ "$d" = 3 ] || fail "routes are not 3 distinct corridors"
grep -q 'countries: CN' "$tmp/route.txt" || fail "no countries line"
grep -q 'days' "$tmp/route.txt" || fail "no days"

# 5. errors: unknown class, unknown node, not a freight directory
"$bin" route "$data" --from cn_xian --to ro_constanta --class coal >"$tmp/e1" 2>&1
[ $? = 1 ] && grep -q "unknown class 'coal'" "$tmp/e1" || fail "bad --class not reported"
"$bin" route "$data" --from nowhere --to ro_constanta >"$tmp/e2" 2>&1
[ $? = 1 ] && grep -q "unknown node 'nowhere'" "$tmp/e2" || fail "bad --from not reported"
mkdir "$tmp/empty"
"$bin" corridors "$tmp/empty" >"$tmp/e3" 2>&1
[ $? = 1 ] && grep -q "not a freight data set" "$tmp/e3" || fail "non-freight dir not reported"

# 6. closing_year: the 2024 single track Dostyk-Moyynty (L008) carries the
# base; from --year 2025 the double track (L129) replaces it
"$bin" corridors "$data" --year 2025 --out "$tmp/y25" >/dev/null 2>&1 || fail "corridors --year 2025"
python3 - "$tmp/base/links.csv" "$tmp/y25/links.csv" <<'PY' || fail "closing_year: L008 / L129 not switched by --year 2025"
import csv, sys
b = {r["link_id"]: r for r in csv.DictReader(open(sys.argv[1]))}
y = {r["link_id"]: r for r in csv.DictReader(open(sys.argv[2]))}
assert b["L008"]["open"] == "1" and b["L129"]["open"] == "0" and float(b["L008"]["volume"]) > 1e6
assert y["L008"]["open"] == "0" and y["L129"]["open"] == "1" and float(y["L129"]["volume"]) > 1e6
assert float(y["L008"]["volume"]) == 0
PY
mkdir -p "$tmp/cy"; cp -r "$data/." "$tmp/cy/"
sed -i 's/^\(L129,.*,under_construction,2025,\),/\12024,/' "$tmp/cy/link.csv"
"$bin" corridors "$tmp/cy" >"$tmp/e4" 2>&1
[ $? = 2 ] && grep -q "L129.*field closing_year: 2024 is not after opening_year 2025" "$tmp/e4" || fail "closing_year before opening_year not refused: $(cat "$tmp/e4")"

[ $fails = 0 ] && echo "ok" || exit 1
