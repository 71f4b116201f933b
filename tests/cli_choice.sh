#!/bin/sh
# corridors --choice logit (issue 14: the choice model through the case
# pipeline): an OD pair's tonnes split over its distinct-corridor routes;
# every tonne is still served once; a +10 % cost on one corridor moves a
# share of its tonnes smoothly (the UE moves all or nothing); as
# logit_scale grows the corridor tonnes approach the UE's; a corridor
# constant (constants.csv) lowers that corridor's share; a class without
# logit_scale is an error naming class.csv and the field.
# usage: sh cli_choice.sh CORRIDOR_BIN SOURCE_DIR
set -u
bin=$1
. "$2/tests/testlib.sh"
src=$2/tests/data/andes

# mk DIR THETA [COST_FACTOR_ON_HIDROVIA]: andes with logit_scale THETA on every class
mk() {
  rm -rf "$1"; cp -r "$src" "$1"
  python3 - "$1" "$2" "${3:-1}" <<'PY'
import csv, os, sys
d, theta, fac = sys.argv[1], sys.argv[2], float(sys.argv[3])
def rw(name, fn, extra=()):
    p = os.path.join(d, name)
    rows = list(csv.DictReader(open(p, newline="")))
    cols = list(rows[0].keys()) + [c for c in extra if c not in rows[0]]
    for r in rows: fn(r)
    with open(p, "w", newline="") as fp:
        w = csv.DictWriter(fp, fieldnames=cols, lineterminator="\n"); w.writeheader(); w.writerows(rows)
rw("class.csv", lambda r: r.__setitem__("logit_scale", theta), ("logit_scale",))
def cost(r):
    if "hidrovia" in r["corridor"].split(";") and r["cost"]:
        r["cost"] = repr(float(r["cost"]) * fac)
rw("link.csv", cost)
PY
}
# tonnes of corridor $2 (all classes) from `corridors --json` output $1
tonnes() { python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(sum(c["tonnes"] for c in j["corridors"] if c["corridor"] == sys.argv[2] and c["class"] == "all"))' "$1" "$2"; }
total() { python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(sum(c["tonnes"] for c in j["corridors"] if c["class"] == "all"))' "$1"; }

mk "$tmp/l" 0.1
# the default: logit when every class has a logit_scale, UE otherwise
"$bin" corridors "$tmp/l" --json 2>/dev/null | grep -q '"choice":"logit"' && ok "default with logit_scale on every class: logit" \
  || bad "default is not logit with scales"
"$bin" corridors "$src" --json 2>/dev/null | grep -q '"choice":"ue"' && ok "default without logit_scale: ue" || bad "default is not ue without scales"
"$bin" corridors "$tmp/l" --choice logit --json > "$tmp/l.json" 2>"$tmp/err" || bad "logit: $(cat "$tmp/err")"
"$bin" corridors "$tmp/l" --choice ue --json > "$tmp/u.json" 2>"$tmp/err" || bad "ue: $(cat "$tmp/err")"
python3 - "$tmp/l.json" "$tmp/u.json" <<'PY' && ok "logit: all tonnes served once (= UE total), split over more corridors than the UE" || bad "logit split"
import json, sys
l, u = (json.load(open(p)) for p in sys.argv[1:3])
tot = lambda j: sum(c["tonnes"] for c in j["corridors"] if c["class"] == "all")
used = lambda j: sum(1 for c in j["corridors"] if c["class"] == "all" and c["tonnes"] > 1)
assert abs(tot(l) - tot(u)) <= 1e-6 * tot(u), (tot(l), tot(u))
assert used(l) >= used(u), (used(l), used(u))
assert l["choice"] == "logit" and u["choice"] == "ue"
# at least one corridor carries tonnes under logit and none under UE, or a
# share strictly between: some OD splits
ul = {c["corridor"]: c["tonnes"] for c in u["corridors"] if c["class"] == "soy"}
ll = {c["corridor"]: c["tonnes"] for c in l["corridors"] if c["class"] == "soy"}
assert any(ll[k] > 1 and ul.get(k, 0) < 1 for k in ll), (ll, ul)
PY

# a +10 % cost on the hidrovia links: logit moves a share, smoothly
mk "$tmp/l10" 0.1 1.1
"$bin" corridors "$tmp/l10" --choice logit --json > "$tmp/l10.json" 2>/dev/null
h0=$(tonnes "$tmp/l.json" hidrovia); h1=$(tonnes "$tmp/l10.json" hidrovia)
python3 -c "
h0, h1 = $h0, $h1
moved = (h0 - h1) / h0
assert 0.001 < moved < 0.5, moved
print(moved)" > "$tmp/moved" && ok "+10 % cost on hidrovia: $(cat "$tmp/moved") of its tonnes move (logit: a share, neither none nor all)" ||
  bad "+10 % cost: hidrovia $h0 -> $h1"

# large logit_scale: the corridor tonnes approach the UE's (within 1 % of all tonnes)
mk "$tmp/big" 50
"$bin" corridors "$tmp/big" --choice logit --json > "$tmp/big.json" 2>"$tmp/err" || bad "theta 50: $(cat "$tmp/err")"
python3 - "$tmp/big.json" "$tmp/u.json" <<'PY' && ok "logit_scale 50: corridor tonnes within 1 % of the UE's" || bad "large logit_scale does not approach the UE"
import json, sys
l, u = (json.load(open(p)) for p in sys.argv[1:3])
g = lambda j: {c["corridor"]: c["tonnes"] for c in j["corridors"] if c["class"] == "all"}
tl, tu = g(l), g(u)
tot = sum(tu.values())
assert all(abs(tl.get(k, 0) - tu.get(k, 0)) <= 0.01 * tot for k in set(tl) | set(tu)), (tl, tu)
PY

# a corridor constant of +20 USD/t on hidrovia lowers its tonnes
mk "$tmp/k" 0.1
printf 'corridor,country,class,usd_t\nhidrovia,,,20\n' > "$tmp/k/constants.csv"
"$bin" corridors "$tmp/k" --choice logit --json > "$tmp/k.json" 2>"$tmp/err" || bad "constants: $(cat "$tmp/err")"
hk=$(tonnes "$tmp/k.json" hidrovia)
python3 -c "assert $hk < $h0 - 1, ($hk, $h0)" && ok "constants.csv hidrovia +20 USD/t: hidrovia $h0 -> $hk t" || bad "constant: hidrovia $h0 -> $hk"
# ... and the UE ignores constants (not link-additive)
"$bin" corridors "$tmp/k" --choice ue --json > "$tmp/ku.json" 2>/dev/null
[ "$(tonnes "$tmp/ku.json" hidrovia)" = "$(tonnes "$tmp/u.json" hidrovia)" ] && ok "the UE ignores constants.csv" || bad "UE changed with constants"

# segments: paths.csv names each route's segment and its probability; the
# probabilities of a (class, OD, segment) sum to 1 and the segments' tonnes
# to their shares of the OD's
mk "$tmp/s" 0.1
python3 - "$tmp/s" <<'PY'
import csv, os, sys
p = os.path.join(sys.argv[1], "class.csv")
rows = list(csv.DictReader(open(p, newline="")))
cols = list(rows[0].keys()) + ["segment", "share"]
out = []
for r in rows:
    out.append(r)
    if r["class"] == "general":
        for seg, share, vot in (("cheap", "0.7", "0.05"), ("urgent", "0.3", "2")):
            out.append({"class": "general", "segment": seg, "share": share, "value_of_time": vot})
with open(p, "w", newline="") as fp:
    w = csv.DictWriter(fp, fieldnames=cols, lineterminator="\n"); w.writeheader()
    for r in out: w.writerow({c: r.get(c, "") for c in cols})
PY
"$bin" corridors "$tmp/s" --choice logit --out "$tmp/so" >/dev/null 2>"$tmp/err" || bad "segments: $(cat "$tmp/err")"
python3 - "$tmp/so/paths.csv" "$tmp/s/demand.csv" <<'PY' && ok "segments: paths.csv segment and probability columns (sums 1 per segment; tonnes by share)" || bad "segment columns"
import csv, sys, collections
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert "segment" in rows[0] and "probability" in rows[0]
prob, ton = collections.defaultdict(float), collections.defaultdict(float)
for r in rows:
    prob[(r["class"], r["o_zone_id"], r["d_zone_id"], r["segment"])] += float(r["probability"])
    ton[(r["class"], r["o_zone_id"], r["d_zone_id"], r["segment"])] += float(r["tonnes"])
# routes below the printing precision aside, each segment's probabilities sum to 1
assert all(abs(v - 1) < 1e-4 for v in prob.values()), prob
segs = {k[3] for k in prob if k[0] == "general"}
assert segs == {"cheap", "urgent"}, segs
dem = {(r["o_zone_id"], r["d_zone_id"]): float(r["volume"]) for r in csv.DictReader(open(sys.argv[2])) if r["class"] == "general"}
for (c, o, d, s), t in ton.items():
    if c == "general":
        share = 0.7 if s == "cheap" else 0.3
        assert abs(t - share * dem[(o, d)]) <= 1e-6 * dem[(o, d)], (o, d, s, t)
PY

# route --choice logit: each distinct-corridor route's share of the OD's tonnes,
# matching the corridor tonnes of corridors --choice logit for that OD
"$bin" route "$tmp/l" --from bo_santa_cruz --to cl_arica --k 3 --choice logit > "$tmp/route" 2>"$tmp/err" || bad "route: $(cat "$tmp/err")"
python3 - "$tmp/route" "$tmp/l/demand.csv" <<'PY' && ok "route --choice logit: shares of the OD's tonnes, largest on the cheapest route, summing to at most 100 %" || bad "route shares: $(cat "$tmp/route")"
import re, sys
sh = [float(x) for x in re.findall(r"logit share of the OD's tonnes on these corridors: ([0-9.]+) %", open(sys.argv[1]).read())]
assert len(sh) == 3 and sh[0] == max(sh) and 99 <= sum(sh) <= 100.2 and all(x > 0 for x in sh), sh
PY
expect 1 "does not go with --free-flow" "route --choice logit --free-flow" -- route "$tmp/l" --from bo_santa_cruz --to cl_arica --choice logit --free-flow

expect 2 "class.csv: class soy: field logit_scale: empty" "logit without logit_scale" -- corridors "$src" --choice logit
expect 1 "--choice: unknown model 'probit'" "--choice probit" -- corridors "$src" --choice probit
finish
