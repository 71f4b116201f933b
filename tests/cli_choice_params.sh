#!/bin/sh
# Route-choice parameters in the data (#14 item 2), end to end on copies of
# tests/data/andes:
#  - class.csv logit_scale, value_of_reliability, demand_elasticity,
#    tonnes_per_sailing and segment rows (segment, share, value_of_time);
#    link.csv time_sd_h, headway_h, vdf, capacity_unit; constants.csv —
#    all optional: blank columns (and capacities stated in t/yr) give output
#    byte-identical to the data set without them;
#  - a capacity in TEU/yr is converted with the class's tonnes_per_unit
#    (same flows as the capacity stated in tonnes);
#  - each bad value fails with exit 2, a message naming file, line and
#    field, and writes nothing.
# usage: sh cli_choice_params.sh CORRIDOR_BIN SOURCE_DIR
set -u
bin=$1
src=$2/tests/data/andes
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
. "$2/tests/testlib.sh"

# mk DIR PY: a copy of andes edited by the Python statements PY, which see
# rows(file) -> list of dicts, put(file, rows) and the data set's path d.
mk() {
  python3 - "$src" "$1" "$2" <<'EOF' || { echo "FAIL: could not build $1"; exit 1; }
import csv, os, shutil, sys
src, d, code = sys.argv[1], sys.argv[2], sys.argv[3]
shutil.copytree(src, d)
def rows(f):
    return list(csv.DictReader(open(os.path.join(d, f), newline="")))
def put(f, rs, cols=None):
    cols = list(dict.fromkeys(cols or list(rs[0].keys())))
    with open(os.path.join(d, f), "w", newline="") as fp:
        w = csv.DictWriter(fp, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        for r in rs:
            w.writerow({c: r.get(c, "") for c in cols})
exec(code)
EOF
}

run_corridors() { "$bin" corridors "$1" --out "$2" >"$2.stdout" 2>"$2.stderr"; }

# 1. blank columns change nothing.  stdout names the data directory (line 1),
# the solve's wall-clock seconds (equilibrium line) and the output directory.
stdout_norm='1d;/^wrote /d;s/^\(equilibrium: .*\), [0-9.e+-]* s$/\1/'
mk "$tmp/blank" '
c = rows("class.csv"); put("class.csv", c, list(c[0].keys()) + ["segment", "share", "logit_scale", "value_of_reliability", "demand_elasticity", "tonnes_per_sailing"])
l = rows("link.csv"); put("link.csv", l, list(l[0].keys()) + ["time_sd_h", "headway_h", "vdf", "capacity_unit"])
'
mkdir -p "$tmp/o_ref" "$tmp/o_blank"
run_corridors "$src" "$tmp/o_ref" || bad "andes corridors: $(cat "$tmp/o_ref.stderr")"
if run_corridors "$tmp/blank" "$tmp/o_blank"; then
  # convergence.csv's second column is wall-clock seconds
  for o in o_ref o_blank; do cut -d, -f1,3- "$tmp/$o/convergence.csv" > "$tmp/$o.conv" && rm "$tmp/$o/convergence.csv"; done
  if diff -r "$tmp/o_ref" "$tmp/o_blank" >/dev/null && cmp -s "$tmp/o_ref.conv" "$tmp/o_blank.conv" &&
     [ "$(sed "$stdout_norm" "$tmp/o_ref.stdout")" = "$(sed "$stdout_norm" "$tmp/o_blank.stdout")" ]; then ok "blank choice columns: outputs identical"
  else bad "blank choice columns change the outputs"; diff -r "$tmp/o_ref" "$tmp/o_blank" | head -20; diff "$tmp/o_ref.conv" "$tmp/o_blank.conv" | head; diff "$tmp/o_ref.stdout" "$tmp/o_blank.stdout"; fi
else bad "blank choice columns: $(cat "$tmp/o_blank.stderr")"; fi

# 2. valid values are accepted; t/yr and vdf bpr written out change nothing
mk "$tmp/valid" '
c = rows("class.csv")
cols = list(c[0].keys()) + ["segment", "share", "logit_scale", "value_of_reliability", "demand_elasticity", "tonnes_per_sailing"]
for r in c:
    r["logit_scale"] = "0.05"; r["value_of_reliability"] = "0.1"; r["demand_elasticity"] = "-0.3"; r["tonnes_per_sailing"] = "2000"
g = [r for r in c if r["class"] == "general"][0]
segs = [{"class": "general", "segment": "low", "share": "0.25", "value_of_time": "0.1"},
        {"class": "general", "segment": "mid", "share": "0.5", "value_of_time": "0.2"},
        {"class": "general", "segment": "high", "share": "0.25", "value_of_time": "0.4"}]
put("class.csv", c + segs, cols)
l = rows("link.csv")
for r in l:
    r["time_sd_h"] = "2"; r["headway_h"] = "24" if r["mode"] == "ferry" else ""; r["vdf"] = "bpr"; r["capacity_unit"] = "t/yr"
put("link.csv", l, list(l[0].keys()) + ["time_sd_h", "headway_h", "vdf", "capacity_unit"])
put("constants.csv", [{"corridor": "bioceanico", "country": "", "class": "", "usd_t": "5"},
                      {"corridor": "", "country": "Chile", "class": "general", "usd_t": "-2.5"}],
    ["corridor", "country", "class", "usd_t", "source", "notes"])
'
mkdir -p "$tmp/o_valid"
if run_corridors "$tmp/valid" "$tmp/o_valid"; then ok "valid choice parameters accepted"
else bad "valid choice parameters refused: $(cat "$tmp/o_valid.stderr")"; fi

# 3. capacity in TEU/yr = capacity in tonnes / 12 t per TEU (general's unit)
mk "$tmp/teu" '
l = rows("link.csv")
for r in l:
    r["capacity_unit"] = "TEU/yr" if r["mode"] == "rail" else ""
    if r["mode"] == "rail": r["capacity"] = repr(float(r["capacity"]) / 12.0)
put("link.csv", l, list(l[0].keys()) + ["capacity_unit"])
c = rows("class.csv")
for r in c:
    if r["class"] != "general": r["allowed_modes"] = r["allowed_modes"].replace("rail;", "").replace(";rail", "")
put("class.csv", c)
'
mk "$tmp/teu_ref" '
c = rows("class.csv")
for r in c:
    if r["class"] != "general": r["allowed_modes"] = r["allowed_modes"].replace("rail;", "").replace(";rail", "")
put("class.csv", c)
'
mkdir -p "$tmp/o_teu" "$tmp/o_teu_ref"
if run_corridors "$tmp/teu" "$tmp/o_teu" && run_corridors "$tmp/teu_ref" "$tmp/o_teu_ref"; then
  if python3 - "$tmp/o_teu/links.csv" "$tmp/o_teu_ref/links.csv" <<'EOF'
import csv, sys
a = list(csv.DictReader(open(sys.argv[1], newline="")))
b = list(csv.DictReader(open(sys.argv[2], newline="")))
assert len(a) == len(b)
for x, y in zip(a, b):
    for k in ("volume", "capacity", "time_h"):
        u, v = float(x[k]), float(y[k])
        assert abs(u - v) <= 1e-6 * max(1.0, abs(v)), (x["link_id"], k, u, v)
EOF
  then ok "capacity in TEU/yr converted with tonnes_per_unit"
  else bad "capacity in TEU/yr: flows differ from the capacity in tonnes"; fi
else bad "capacity_unit TEU/yr: $(cat "$tmp/o_teu.stderr" "$tmp/o_teu_ref.stderr")"; fi

# 4. bad values: exit 2, file:line: field NAME, nothing written
n=0
badcase() { # NAME EXPECT PY
  n=$((n + 1))
  mk "$tmp/bad$n" "$3"
  out=$tmp/o_bad$n
  mkdir -p "$out"
  msg=$("$bin" corridors "$tmp/bad$n" --out "$out" 2>&1)
  rc=$?
  good=1
  [ "$rc" -eq 2 ] || { bad "$1: exit $rc, expected 2 ($msg)"; good=0; }
  case "$msg" in *"$2"*) ;; *) [ $good -eq 1 ] && bad "$1: message lacks '$2': $msg"; good=0 ;; esac
  [ "$(ls -A "$out" | wc -l)" -eq 0 ] || { [ $good -eq 1 ] && bad "$1: files written: $(ls -A "$out")"; good=0; }
  [ $good -eq 1 ] && ok "$1: $msg"
}
CLS='c = rows("class.csv"); cols = list(c[0].keys()) + ["segment", "share", "logit_scale", "value_of_reliability", "demand_elasticity"]
'
LNK='l = rows("link.csv"); cols = list(l[0].keys()) + ["time_sd_h", "headway_h", "vdf", "capacity_unit"]
'
badcase logit-scale-zero "class.csv:3: field logit_scale" "$CLS"'c[1]["logit_scale"] = "0"; put("class.csv", c, cols)'
badcase logit-scale-negative "class.csv:2: field logit_scale" "$CLS"'c[0]["logit_scale"] = "-0.1"; put("class.csv", c, cols)'
badcase logit-scale-inf "class.csv:2: field logit_scale" "$CLS"'c[0]["logit_scale"] = "inf"; put("class.csv", c, cols)'
badcase logit-scale-nan "class.csv:4: field logit_scale" "$CLS"'c[2]["logit_scale"] = "nan"; put("class.csv", c, cols)'
badcase reliability-negative "class.csv:2: field value_of_reliability" "$CLS"'c[0]["value_of_reliability"] = "-1"; put("class.csv", c, cols)'
badcase elasticity-positive "class.csv:2: field demand_elasticity" "$CLS"'c[0]["demand_elasticity"] = "0.5"; put("class.csv", c, cols)'
badcase shares-not-one "class.csv:6: field share" "$CLS"'put("class.csv", c + [{"class": "general", "segment": "a", "share": "0.5", "value_of_time": "0.1"}, {"class": "general", "segment": "b", "share": "0.4999", "value_of_time": "0.3"}], cols)'
badcase share-out-of-range "class.csv:5: field share" "$CLS"'put("class.csv", c + [{"class": "general", "segment": "a", "share": "1.5"}], cols)'
badcase segment-unknown-class "class.csv:5: field class" "$CLS"'put("class.csv", c + [{"class": "cars", "segment": "a", "share": "1"}], cols)'
badcase segment-duplicate "class.csv:6: field segment" "$CLS"'put("class.csv", c + [{"class": "soy", "segment": "a", "share": "0.5"}, {"class": "soy", "segment": "a", "share": "0.5"}], cols)'
badcase segment-with-modes "class.csv:5: field allowed_modes" "$CLS"'put("class.csv", c + [{"class": "soy", "segment": "a", "share": "1", "allowed_modes": "rail"}], cols)'
badcase vdf-unknown "link.csv:4: field vdf" "$LNK"'l[2]["vdf"] = "conical"; put("link.csv", l, cols)'
badcase vdf-queue-breakpoint "link.csv:2: field vdf" "$LNK"'l[0]["vdf"] = "queue"; l[0]["vdf_alpha"] = "10"; l[0]["vdf_beta"] = "1.5"; put("link.csv", l, cols)'
badcase vdf-akcelik-no-params "link.csv:2: field vdf_beta" "$LNK"'l[0]["vdf"] = "akcelik"; l[0]["vdf_beta"] = ""; put("link.csv", l, cols)'
badcase capacity-unit-unknown "link.csv:3: field capacity_unit" "$LNK"'l[1]["capacity_unit"] = "barrels/day"; put("link.csv", l, cols)'
badcase capacity-unit-no-class "link.csv:2: link A01: field capacity_unit: sailings/week" "$LNK"'l[0]["capacity_unit"] = "sailings/week"; put("link.csv", l, cols)'
badcase time-sd-negative "link.csv:5: field time_sd_h: negative" "$LNK"'l[3]["time_sd_h"] = "-1"; put("link.csv", l, cols)'
badcase headway-negative "link.csv:2: field headway_h: negative" "$LNK"'l[0]["headway_h"] = "-24"; put("link.csv", l, cols)'
badcase headway-text "link.csv:2: field headway_h: not a finite number" "$LNK"'l[0]["headway_h"] = "daily"; put("link.csv", l, cols)'
K='K = ["corridor", "country", "class", "usd_t"]
'
badcase constant-unknown-corridor "constants.csv:2: field corridor" "$K"'put("constants.csv", [{"corridor": "silk", "usd_t": "1"}], K)'
badcase constant-unknown-class "constants.csv:3: field class" "$K"'put("constants.csv", [{"corridor": "ilo", "usd_t": "1"}, {"country": "Chile", "class": "cars", "usd_t": "1"}], K)'
badcase constant-both "constants.csv:2: field" "$K"'put("constants.csv", [{"corridor": "ilo", "country": "Chile", "usd_t": "1"}], K)'
badcase constant-not-number "constants.csv:2: field usd_t" "$K"'put("constants.csv", [{"country": "Peru", "usd_t": "x"}], K)'
badcase constant-unknown-country "constants.csv:2: field country" "$K"'put("constants.csv", [{"country": "Atlantis", "usd_t": "1"}], K)'
badcase constant-duplicate "constants.csv:3: field corridor: duplicate" "$K"'put("constants.csv", [{"corridor": "ilo", "usd_t": "1"}, {"corridor": "ilo", "usd_t": "2"}], K)'
# column names in any case, as in class.csv (#13 item 15)
KU='K = ["Corridor", "COUNTRY", "Class", "USD_T"]
'
badcase constant-upper-case-header "constants.csv:2: field usd_t" "$KU"'put("constants.csv", [{"COUNTRY": "Peru", "USD_T": "x"}], K)'
mk "$tmp/kupper" "$KU"'put("constants.csv", [{"Corridor": "ilo", "USD_T": "1"}, {"COUNTRY": "Chile", "Class": "general", "USD_T": "-2.5"}], K)'
mkdir -p "$tmp/o_kupper"
if run_corridors "$tmp/kupper" "$tmp/o_kupper"; then ok "constants.csv header in upper case accepted"
else bad "constants.csv header in upper case refused: $(cat "$tmp/o_kupper.stderr")"; fi

finish
