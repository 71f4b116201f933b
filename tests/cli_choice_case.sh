#!/bin/sh
# The choice model through the one case pipeline (issue 14 item 8): on a
# freight data set whose classes have logit_scale, scenario, exposure,
# select-link, criticality and risk solve the calibrated logit model by
# default (--choice ue: the deterministic equilibrium), count its explicit
# routes exactly, and respond smoothly to a capacity expansion.
# usage: sh cli_choice_case.sh CORRIDOR_BIN SOURCE_DIR
set -u
bin=$1
. "$2/tests/testlib.sh"
eu=$2/data/eurasia
[ -f "$eu/constants.csv" ] || { echo "skip: data/eurasia (calibrated) absent"; exit 77; }

# 1. scenario: default logit, a capacity expansion moves tonnes smoothly
"$bin" scenario "$eu" --scenario "$eu/scenarios/caspian-ferry-x2.scenario" --out "$tmp/l" >/dev/null 2>"$tmp/err" \
  || bad "scenario (logit): $(cat "$tmp/err")"
"$bin" scenario "$eu" --scenario "$eu/scenarios/caspian-ferry-x2.scenario" --choice ue --out "$tmp/u" >/dev/null 2>"$tmp/err" \
  || bad "scenario --choice ue: $(cat "$tmp/err")"
"$bin" corridors "$eu" --json > "$tmp/c.json" 2>/dev/null
python3 - "$tmp/l/corridors.csv" "$tmp/u/corridors.csv" "$tmp/c.json" <<'PY' && ok "scenario: the base is the corridors command's logit solution; Caspian ferries x 2 moves some tonnes to the Middle Corridor (UE: none)" || bad "scenario logit"
import csv, json, sys
def rows(p):
    return {(r["scenario"], r["corridor"], r["class"]): r for r in csv.DictReader(open(p)) if r["basis"] == "primary"}
l, u = rows(sys.argv[1]), rows(sys.argv[2])
c = {(x["corridor"], x["class"]): x["tonnes"] for x in json.load(open(sys.argv[3]))["corridors"]}
for (corr, cls), t in c.items():
    b = float(l[("base", corr, cls)]["tonnes"])
    assert abs(b - t) <= 1 + 1e-6 * t, (corr, cls, b, t)
dl = float(l[("caspian-ferry-x2", "middle", "all")]["delta_tonnes"])
du = float(u[("caspian-ferry-x2", "middle", "all")]["delta_tonnes"])
print("  middle delta: logit %.0f t, UE %.0f t" % (dl, du))
assert 1000 < dl < 1e6 and abs(du) < 1, (dl, du)
PY

# 2. exposure counts the routes exactly: every served tonne once
"$bin" exposure "$eu" --json > "$tmp/e.json" 2>"$tmp/err" || bad "exposure: $(cat "$tmp/err")"
python3 - "$tmp/e.json" "$eu/demand.csv" <<'PY' && ok "exposure (logit): served tonnes = demand (explicit routes, nothing dropped)" || bad "exposure served"
import csv, json, sys
j = json.load(open(sys.argv[1]))
served = j.get("served_t", j.get("total_tonnes"))
dem = sum(float(r["volume"]) for r in csv.DictReader(open(sys.argv[2])) if r["o_zone_id"] != r["d_zone_id"])
assert abs(served - dem) <= 1e-6 * dem, (served, dem)
PY

# 3. select-link: the selected link's own volume is its link flow
"$bin" select-link "$eu" --link L031 --out "$tmp/sl" >/dev/null 2>"$tmp/err" || bad "select-link: $(cat "$tmp/err")"
python3 - "$tmp/sl/select_link_links.csv" <<'PY' && ok "select-link (logit): on L031 the selected volume is the whole link volume; elsewhere at most it" || bad "select-link volumes"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
l = [r for r in rows if r["link_id"] == "L031"][0]
assert abs(float(l["select_t"]) - float(l["volume_t"])) <= 1e-6 * float(l["volume_t"]), l
assert all(float(r["select_t"]) <= float(r["volume_t"]) * (1 + 1e-9) + 1e-6 for r in rows)
PY

# 4. criticality and risk run on the logit model
"$bin" criticality "$eu" --by country --top 3 > "$tmp/cr.txt" 2>"$tmp/err" && grep -q "RU" "$tmp/cr.txt" \
  && ok "criticality --by country (logit) ranks countries" || bad "criticality: $(cat "$tmp/err")"
"$bin" risk "$eu" --hazards "$eu/hazards.txt" --samples 200 --seed 1 --out "$tmp/rk" > /dev/null 2>"$tmp/err" \
  && [ -s "$tmp/rk/risk_summary.csv" ] && ok "risk (logit) writes its tables" || bad "risk: $(cat "$tmp/err")"

# 5. options
expect 1 "--choice logit runs on freight data" "logit on a plain network" -- \
  exposure "$2/data/example/braess_net.tntp" --demand "$2/data/example/braess_trips.tntp" --choice logit
expect 1 "unknown model 'probit'" "unknown --choice" -- scenario "$eu" --scenario "$eu/scenarios/tripp-open.scenario" --choice probit --out "$tmp/x"

# 6. welfare: shippers' perceived cost (logsum) falls when TRIPP opens (a new
# Middle Corridor branch: constants_of middle in corridors.csv) and when the
# Caspian ferries double, rises when Russia closes
"$bin" scenario "$eu" --scenario "$eu/scenarios/tripp-open.scenario" --scenario "$eu/scenarios/caspian-ferry-x2.scenario" \
  --scenario "$eu/scenarios/russia-transit-closed.scenario" --out "$tmp/w" >/dev/null 2>"$tmp/err" || bad "welfare scenarios: $(cat "$tmp/err")"
python3 - "$tmp/w/summary.csv" "$tmp/w/corridors.csv" <<'PY' && ok "perceived cost: TRIPP open and ferries x 2 lower it, Russia closed raises it; TRIPP carries tonnes" || bad "perceived cost signs"
import csv, sys
s = {r["scenario"]: r for r in csv.DictReader(open(sys.argv[1]))}
d = lambda n: float(s[n]["delta_perceived_cost_usd"])
print("  delta perceived USD/yr: tripp %.3g, ferries %.3g, russia %.3g" % (d("tripp-open"), d("caspian-ferry-x2"), d("russia-transit-closed")))
assert s["base"]["choice"] == "logit"
assert d("tripp-open") < 0 and d("caspian-ferry-x2") < 0 and d("russia-transit-closed") > 0
c = [r for r in csv.DictReader(open(sys.argv[2])) if r["scenario"] == "tripp-open" and r["corridor"] == "tripp" and r["class"] == "all" and r["basis"] == "primary"]
assert float(c[0]["tonnes"]) > 1e5, c
PY
rm -rf "$tmp/v"; cp -r "$eu" "$tmp/v"
sed -i 's/,AM,middle$/,AM,nowhere/' "$tmp/v/corridors.csv"
expect 2 "corridors.csv:7: field constants_of: unknown corridor tag 'nowhere'" "constants_of an unknown tag" -- corridors "$tmp/v"
sed -i 's/,AM,nowhere$/,AM,tripp/' "$tmp/v/corridors.csv"
expect 2 "field constants_of: names the corridor itself 'tripp'" "constants_of itself" -- corridors "$tmp/v"

# 7. elastic demand (class.csv demand_elasticity, against the base's composite
# costs): a closure suppresses tonnes, an expansion induces them; with every
# elasticity 0 demand stays fixed
python3 - "$tmp/w/summary.csv" <<'PY' && ok "elastic demand: Russia closed suppresses, ferries x 2 and TRIPP induce tonnes; served = demand + induced - suppressed" || bad "elastic demand"
import csv, sys
s = {r["scenario"]: r for r in csv.DictReader(open(sys.argv[1]))}
f = lambda n, c: float(s[n][c])
print("  russia: suppressed %.0f t, induced %.0f t; ferries: induced %.0f t; tripp: induced %.0f t" % (
    f("russia-transit-closed", "suppressed_t"), f("russia-transit-closed", "induced_t"), f("caspian-ferry-x2", "induced_t"), f("tripp-open", "induced_t")))
assert f("russia-transit-closed", "suppressed_t") > 10 * f("russia-transit-closed", "induced_t") > 0
assert f("caspian-ferry-x2", "induced_t") > f("caspian-ferry-x2", "suppressed_t") >= 0
assert f("tripp-open", "induced_t") > 1e4
for n, r in s.items():
    d = f("base", "served_t") - f(n, "unserved_t") + f(n, "induced_t") - f(n, "suppressed_t")
    assert abs(d - f(n, "served_t")) <= 2, (n, d, r["served_t"])
PY
rm -rf "$tmp/fx"; cp -r "$eu" "$tmp/fx"
python3 - "$tmp/fx/class.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
for r in rows: r["demand_elasticity"] = "0"
w = csv.DictWriter(open(sys.argv[1], "w", newline=""), fieldnames=list(rows[0].keys()), lineterminator="\n"); w.writeheader(); w.writerows(rows)
PY
"$bin" scenario "$tmp/fx" --scenario "$tmp/fx/scenarios/russia-transit-closed.scenario" --out "$tmp/fxo" >/dev/null 2>&1
python3 - "$tmp/fxo/summary.csv" <<'PY' && ok "demand_elasticity 0: fixed demand (nothing induced or suppressed)" || bad "fixed demand"
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    assert float(r["induced_t"]) == 0 and float(r["suppressed_t"]) == 0, r
PY

# 8. criticality re-solves the logit model: closing the Aktau-Alat ferry
# (L031 and its reverse) adds the same system cost as the scenario that
# closes it (fixed demand: the copy above with every elasticity 0)
printf 'name c31\nclose link L031\nclose link L031r\n' > "$tmp/c31.scenario"
"$bin" scenario "$tmp/fx" --scenario "$tmp/c31.scenario" --out "$tmp/c31" >/dev/null 2>&1
"$bin" criticality "$tmp/fx" --by link --out "$tmp/cr" >/dev/null 2>&1
"$bin" criticality "$tmp/fx" --by link --choice ue --out "$tmp/cru" >/dev/null 2>&1
python3 - "$tmp/c31/summary.csv" "$tmp/cr/criticality.csv" "$tmp/cru/criticality.csv" <<'PY' && ok "criticality (logit): closing L031 adds what the scenario closing it adds; the UE ranking differs" || bad "criticality under logit"
import csv, sys
sc = [r for r in csv.DictReader(open(sys.argv[1])) if r["scenario"] == "c31"][0]
cr = [r for r in csv.DictReader(open(sys.argv[2])) if r["link"] == "L031|L031r"][0]
cu = [r for r in csv.DictReader(open(sys.argv[3])) if r["link"] == "L031|L031r"][0]
a, b = float(sc["delta_system_cost_usd"]), float(cr["delta_cost_usd"])
print("  L031 closed: scenario %.6g, criticality %.6g, UE criticality %s USD/yr" % (a, b, cu["delta_cost_usd"]))
assert abs(a - b) <= 1e-4 * abs(a), (a, b)
assert abs(float(cu["delta_cost_usd"]) - b) > 1e-3 * abs(b)
PY

finish
