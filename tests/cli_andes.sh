#!/bin/sh
# The second data set (tests/data/andes, #12 item 4): its own corridor
# vocabulary runs through `corridors`, `scenario`, `report` and `exposure`
# with no code change, and every output names its corridors, highlight sets
# and headline countries, never data/eurasia's.  Figures checked by hand
# from the toy data (generalized cost = USD + VoT x hours; volumes far below
# capacity, so the cheapest route takes everything):
#   La Paz -> Ilo minerals 0.7 Mt: base via Arica (25+3+3 = 31 USD) as the
#     Ilo rail is planned; from 2030 over it (8+18 = 26 USD), so the branch
#     tag `ilo` (links in Peru only) gets 0.7 Mt of minerals;
#   La Paz -> Callao general 0.25 Mt: base via Arica (coast), 2030 via Ilo
#     (47 USD + 0.2 x 85 h = 64 against 46 + 0.2 x 92 = 64.4);
#   so transit through Chile in the base = 0.7 + 0.25 Mt; Paraguay carries
#     Santa Cruz -> Rosario soy (2.5 Mt) by barge.
# usage: sh cli_andes.sh CORRIDOR_BIN SOURCE_DIR
set -u
bin=$1
data=$2/tests/data/andes
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
has() { grep -q -- "$2" "$1" || fail "$1 lacks '$2'"; }
hasnt() { ! grep -q -- "$2" "$1" || fail "$1 holds '$2'"; }

# corridors, base: the data set's tags in its precedence, no ilo flow
"$bin" corridors "$data" --out "$tmp/base" >"$tmp/base.txt" 2>&1 || fail "corridors exit $?"
has "$tmp/base.txt" "primary corridor of each path: ilo > bioceanico > hidrovia >"
has "$tmp/base.txt" "Ilo branch (Desaguadero-Ilo links): closed in this network"
has "$tmp/base.txt" "Ilo route is open from --year 2030"
has "$tmp/base.txt" "River barges (Paraguay-Parana) (with flow)"
hasnt "$tmp/base.txt" "^ilo "
for w in TRIPP Caspian middle tripp; do hasnt "$tmp/base.txt" "$w"; done
awk -F, '$2 == "all" && $3 == "primary" { t += $4 } END { if (t < 10349999 || t > 10350001) exit 1 }' \
    "$tmp/base/corridors.csv" || fail "primary tonnes do not sum to the demand 10350000"
awk -F, '$1 == "costa" && $2 == "general" && $3 == "primary" { if ($4 < 249999 || $4 > 250001) exit 1; f = 1 }
         END { exit !f }' "$tmp/base/corridors.csv" || fail "costa general != 250000 t"
# country lists: full names, several separators, none cut to 7 characters
has "$tmp/base/paths.csv" "Bolivia;Chile"
has "$tmp/base/paths.csv" "Paraguay;Argentina"

# corridors --year 2030: the Ilo branch carries La Paz's minerals and general cargo
"$bin" corridors "$data" --year 2030 >"$tmp/y2030.txt" 2>&1 || fail "corridors --year 2030 exit $?"
awk '$1 == "ilo" { if ($2 != "0.000" || $3 != "0.700" || $4 != "0.250") exit 1; f = 1 } END { exit !f }' \
    "$tmp/y2030.txt" || fail "ilo row of --year 2030 is not 0 / 0.700 / 0.250 Mt"
has "$tmp/y2030.txt" "^Ilo branch (Desaguadero-Ilo links)$"
has "$tmp/y2030.txt" "A07 "

# scenario: open corridor ilo moves 0.95 Mt to the branch
"$bin" scenario "$data" --scenario "$data/scenarios/ilo-open.scenario" \
    --scenario "$data/scenarios/low-water.scenario" --out "$tmp/sc" >"$tmp/sc.txt" 2>&1 || fail "scenario exit $?"
has "$tmp/sc/corridors.csv" "^ilo-open,ilo,all,primary,950000,0,950000,"
has "$tmp/sc/corridors.csv" "^low-water,hidrovia,all,primary,7100000,7100000,0,"
hasnt "$tmp/sc/corridors.csv" "middle"

# report: labels, precedence and key-link table from the vocabulary
"$bin" report "$data" --scenario "$data/scenarios/ilo-open.scenario" --out "$tmp/rep" >"$tmp/rep.txt" 2>&1 ||
    fail "report exit $?"
h=$tmp/rep/index.html
has "$h" "Bioceanic rail (Santos-Arica)"
has "$h" "Paraguay-Parana waterway"
has "$h" "primary corridor (Ilo, then Bioceanic, Hidrovia, Capricorn, Coast, feeder)"
has "$h" "primary corridor (Ilo before Bioceanic, Hidrovia, Capricorn)"
has "$h" "Ilo branch (Desaguadero-Ilo links)"
has "$h" "ZZ (open sea)"
for w in TRIPP Caspian "Middle Corridor" Suez; do hasnt "$h" "$w"; done

# exposure: the headline countries of countries.csv, in its order
"$bin" exposure "$data" >"$tmp/exp.txt" 2>&1 || fail "exposure exit $?"
awk '/^Headline/ { on = 1; next } on && NF == 0 { exit } on && $1 != "country" { printf "%s ", $1 }' "$tmp/exp.txt" \
    >"$tmp/head.txt"
[ "$(cat "$tmp/head.txt")" = "Bolivia Paraguay Chile " ] || fail "headline countries: $(cat "$tmp/head.txt")"
awk '$1 == "Chile" && !d { d = 1; if ($2 != 950000) exit 1 } $1 == "Paraguay" && !p { p = 1; if ($2 != 2500000) exit 1 }
     END { exit !(d && p) }' "$tmp/exp.txt" || fail "transit tonnes of Chile / Paraguay"
has "$tmp/exp.txt" "All countries (ZZ = open sea)"

[ "$fails" -eq 0 ] || { cat "$tmp/base.txt" "$tmp/y2030.txt"; exit 1; }
echo "cli_andes: ok"
