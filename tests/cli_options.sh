#!/bin/sh
# Command-line options are checked, not guessed (issue 13 item 18): a
# non-finite number (--gap inf, like nan) is refused; --year takes the
# scenario files' range 1900..2200 in every command; an option given twice
# is a usage error unless it is documented as repeatable (--scenario,
# --link); two scenarios with one name are refused before any solve.
# usage: sh cli_options.sh CORRIDOR_BIN SOURCE_DIR
set -u
bin=$1
src=$2/tests/data/andes
. "$2/tests/testlib.sh"

untouched="$tmp/out"

for g in inf -inf nan 1e999 Infinity; do
  expect 1 "option --gap: not a finite number: '$g'" "--gap $g" -- corridors "$src" --gap "$g" --out "$tmp/out"
done
expect 1 "option --max-seconds: not a finite number" "--max-seconds inf" -- assign "$src" --max-seconds inf --out "$tmp/out"
expect 1 "option --toll-factor: not a finite number" "--toll-factor inf" -- report "$src" --toll-factor inf --out "$tmp/out"
# a subnormal is a finite number (here a gap no solve reaches: exit 3 at the limit)
"$bin" corridors "$src" --gap 1e-320 --max-iter 2 >/dev/null 2>"$tmp/stderr"
rc=$?
if [ $rc -eq 0 ] || [ $rc -eq 3 ]; then ok "--gap 1e-320 accepted (exit $rc)"; else bad "--gap 1e-320: exit $rc, $(cat "$tmp/stderr")"; fi

for cmd in corridors route report assign; do
  extra=""
  [ $cmd = route ] && extra="--from br_santos --to cl_antofagasta"
  [ $cmd = report ] || [ $cmd = assign ] && extra="--out $tmp/out"
  for y in 1800 1899 2201 10000; do
    expect 1 "option --year: expected an integer in 1900..2200, got '$y'" "$cmd --year $y" -- $cmd "$src" --year $y $extra
  done
done
"$bin" corridors "$src" --year 1900 >/dev/null 2>&1 && "$bin" corridors "$src" --year 2200 >/dev/null 2>&1 &&
  ok "--year 1900 and 2200 accepted" || bad "--year 1900 or 2200 refused"
printf 'name early\nyear 1800\n' > "$tmp/early.scenario"
expect 2 "field year: expected 'year YYYY' (1900..2200)" "scenario year 1800" -- scenario "$src" --scenario "$tmp/early.scenario" --out "$tmp/out"

expect 1 "option --year given twice" "--year twice" -- corridors "$src" --year 2030 --year 2040
expect 1 "option --json given twice" "--json twice" -- corridors "$src" --json --json
expect 1 "option --out given twice (only --scenario can repeat)" "--out twice" -- scenario "$src" --scenario "$tmp/a.scenario" --out "$tmp/out" --out "$tmp/out2"
expect 1 "option --gap given twice (only --link can repeat)" "--gap=, twice" -- select-link "$src" --link A01 --gap=1e-6 --gap 1e-8

printf 'name same\nscale-cost link A01 2\n' > "$tmp/a.scenario"
printf 'name same\nscale-cost link A01 3\n' > "$tmp/b.scenario"
printf 'name other\nscale-cost link A01 3\n' > "$tmp/c.scenario"
expect 2 "b.scenario: field name: scenario name 'same' is also the name of" "scenario: two scenarios named same" -- \
  scenario "$src" --scenario "$tmp/a.scenario" --scenario "$tmp/b.scenario" --out "$tmp/out"
expect 2 "scenario name 'same' is also the name of" "report: two scenarios named same" -- \
  report "$src" --scenario "$tmp/b.scenario" --scenario "$tmp/a.scenario" --out "$tmp/out"
# repeatable options still repeat
if "$bin" scenario "$src" --scenario "$tmp/a.scenario" --scenario "$tmp/c.scenario" --out "$tmp/rep" >/dev/null 2>"$tmp/stderr" &&
   [ "$(grep -c -e '^same,' -e '^other,' "$tmp/rep/summary.csv")" -eq 2 ]; then ok "two scenarios with their own names: two rows"
else bad "two distinct scenarios: $(cat "$tmp/stderr")"; fi
if "$bin" select-link "$src" --link A01 --link A01r >/dev/null 2>"$tmp/stderr"; then ok "--link repeats"
else bad "--link twice: $(cat "$tmp/stderr")"; fi
finish
