#!/bin/sh
# corridor appraise (issue 16 item 3) on tests/data/risk_tiny with two
# hand-computable projects (figures in tests/test_risk.c,
# test_appraise_hand_computed): the ranked table and the regret table are
# written as one result set, --json prints both, bad input names file, line
# and field and writes nothing.
# usage: sh cli_appraise.sh CORRIDOR_BIN SOURCE_DIR
set -u
bin=$1
. "$2/tests/testlib.sh"
src=$2/tests/data/risk_tiny
cat > "$tmp/projects.txt" <<'P'
project P1
  capex 1000
  opex 500
  life 2
  source hand example: the sea route made as good as the rail
  set-cost link L2 0
  set-time link L2 20
end
project P2
  life 30
  set-cost link L1 5
end
P
"$bin" appraise "$src" --projects "$tmp/projects.txt" --hazards "$src/hazards.txt" --discount 0.05 --unserved-cost 100 \
  --samples 500 --out "$tmp/o" > "$tmp/stdout" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && [ "$(ls "$tmp/o" | tr '\n' ' ')" = "appraisal.csv appraisal_regret.csv " ]; then ok "appraise: exit 0, appraisal.csv and appraisal_regret.csv"
else bad "appraise: exit $rc, $(cat "$tmp/err"), files: $(ls -A "$tmp/o" 2>&1)"; fi
python3 - "$tmp/o" <<'PY' && ok "appraisal.csv: P2 (NPV 69176), P1 (NPV 3090.70, BCR 2.6016), do-nothing; max regret 28962.2 / 6037.8 / 28962.2" || bad "appraisal.csv figures"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1] + "/appraisal.csv")))
assert [r["option"] for r in rows] == ["P2", "P1", "do-nothing"], rows
close = lambda a, b: abs(float(a) - b) <= 1e-8 * max(1, abs(b))
assert close(rows[0]["npv_usd"], 4500 * 15.37245103) and rows[0]["bcr"] == ""
assert close(rows[1]["npv_usd"], 3090.702948) and close(rows[1]["bcr"], 2.601645123)
assert close(rows[1]["benefit_usd_yr"], 2700) and close(rows[2]["expected_loss_usd_yr"], 23500)
assert [round(float(r["max_regret_usd_yr"]), 1) for r in rows] == [28962.2, 6037.8, 28962.2]
reg = list(csv.DictReader(open(sys.argv[1] + "/appraisal_regret.csv")))
assert len(reg) == 12 and abs(sum(float(r["time_share"]) for r in reg) - 3) < 1e-9
PY
"$bin" appraise "$src" --projects "$tmp/projects.txt" --hazards "$src/hazards.txt" --samples 200 --json --out "$tmp/j" > "$tmp/j.json" 2>"$tmp/err" &&
  python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert len(j["appraisal"]) == 3 and len(j["appraisal_regret"]) == 12' "$tmp/j.json" &&
  ok "--json: both tables" || bad "--json: $(cat "$tmp/err")"

untouched="$tmp/bad"
printf 'project A\n  capex -5\nend\n' > "$tmp/bad.txt"
expect 2 "bad.txt:2: field capex: negative" "negative capex" -- appraise "$src" --projects "$tmp/bad.txt" --hazards "$src/hazards.txt" --out "$tmp/bad"
printf 'project A\n  close link NOPE\nend\n' > "$tmp/bad2.txt"
expect 2 "bad2.txt:2: field link: selects no link" "a project edit that selects nothing" -- appraise "$src" --projects "$tmp/bad2.txt" --hazards "$src/hazards.txt" --out "$tmp/bad"
expect 1 "--projects FILE, --hazards FILE and --out DIR are required" "no --projects" -- appraise "$src" --hazards "$src/hazards.txt" --out "$tmp/bad"
expect 1 "--discount must be in" "--discount 1.5" -- appraise "$src" --projects "$tmp/projects.txt" --hazards "$src/hazards.txt" --discount 1.5 --out "$tmp/bad"
# the shipped projects of data/eurasia: every project applies, the table ranks
# all of them (one hazard, exact: quick; the full catalogue takes minutes)
eu=$2/data/eurasia
if [ -f "$eu/projects.txt" ]; then
  printf 'hazard russia-transit-closure\n  probability 0.1\n  duration fixed 180\n  close country RU\n  open link L078\nend\n' > "$tmp/h1.txt"
  "$bin" appraise "$eu" --projects "$eu/projects.txt" --hazards "$tmp/h1.txt" --out "$tmp/eu" >/dev/null 2>"$tmp/err" &&
  python3 - "$tmp/eu/appraisal.csv" <<'PY' && ok "data/eurasia/projects.txt: 4 sourced projects appraised (capex, opex, life, source)" || bad "eurasia projects: $(cat "$tmp/err")"
import csv, sys
rows = {r["option"]: r for r in csv.DictReader(open(sys.argv[1]))}
want = {"do-nothing", "tripp-with-kars-dilucu", "caspian-ferries-x2", "anaklia-port-phase1", "rasht-astara-rail"}
assert set(rows) == want, rows.keys()
for n in want - {"do-nothing"}:
    assert float(rows[n]["capex_usd"]) > 1e8 and float(rows[n]["life_yr"]) >= 30 and rows[n]["source"], rows[n]
PY
fi

finish
