#!/bin/sh
# `corridor risk` end to end (issue 16): the tiny network's exact figures,
# outputs, bad input (exit 2, nothing written, previous results intact),
# the shipped data/eurasia catalogue, and — when the program was built with
# MPI and mpirun is there — 1 rank vs 2 ranks byte for byte.
# usage: sh cli_risk.sh CORRIDOR_BIN SOURCE_DIR
set -u
bin=$1
src=$2
tiny=$src/tests/data/risk_tiny
data=$src/data/eurasia
[ -f "$tiny/class.csv" ] || { echo "skip: $tiny absent"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# 1. tiny network: exact expectation 23500 USD/yr (tests/test_risk.c)
"$bin" risk "$tiny" --hazards "$tiny/hazards.txt" --exact --samples 4000 --unserved-cost 100 \
    --out "$tmp/t" >"$tmp/t.txt" 2>&1 || fail "tiny exit $?"
for f in risk_summary risk_exceedance risk_hazards risk_groups risk_states risk_samples; do
    [ -s "$tmp/t/$f.csv" ] || fail "missing $f.csv"
done
grep -q '^loss_usd,4000,20000,[0-9.]*,[0-9.]*,23500,' "$tmp/t/risk_summary.csv" || { fail "loss row"; cat "$tmp/t/risk_summary.csv"; }
grep -q '^rail-cut,hazard,,0.5,0.5,fixed 73,73,all,36.5,.*,3500,3250,' "$tmp/t/risk_hazards.csv" || { fail "rail-cut row"; cat "$tmp/t/risk_hazards.csv"; }
[ "$(wc -l <"$tmp/t/risk_samples.csv")" -eq 4001 ] || fail "risk_samples rows"

# 2. bad input: exit 2, message with file, line and field, previous results intact
cp -r "$tmp/t" "$tmp/keep"
printf 'hazard x\n  probability 1.2\n  duration fixed 5\n  close link L1\nend\n' >"$tmp/bad.txt"
"$bin" risk "$tiny" --hazards "$tmp/bad.txt" --out "$tmp/t" >"$tmp/bad.out" 2>&1
rc=$?
[ $rc -eq 2 ] || fail "bad probability exit $rc"
grep -q "bad.txt:2: field probability" "$tmp/bad.out" || { fail "bad probability message"; cat "$tmp/bad.out"; }
printf 'hazard x\n  probability 0.2\n  duration fixed 5\n  close country QQ\nend\n' >"$tmp/bad2.txt"
"$bin" risk "$tiny" --hazards "$tmp/bad2.txt" --out "$tmp/t" >"$tmp/bad2.out" 2>&1
rc=$?
[ $rc -eq 2 ] || fail "unknown country exit $rc"
grep -q "bad2.txt:4: field country: selects no link ('QQ')" "$tmp/bad2.out" || { fail "unknown country message"; cat "$tmp/bad2.out"; }
diff -r "$tmp/keep" "$tmp/t" >/dev/null || fail "bad input changed the previous results"
"$bin" risk "$tiny" --out "$tmp/u" >/dev/null 2>&1
[ $? -eq 1 ] || fail "missing --hazards is not a usage error"
[ ! -e "$tmp/u" ] || fail "usage error created the output directory"

# 3. data/eurasia: the shipped catalogue runs; the risk of disruption costs something
if [ -f "$data/hazards.txt" ]; then
    "$bin" risk "$data" --hazards "$data/hazards.txt" --samples 500 --out "$tmp/e" >"$tmp/e.txt" 2>&1 || fail "eurasia exit $?"
    awk -F, '$1 == "loss_usd" && $4 > $3 { ok = 1 } END { exit !ok }' "$tmp/e/risk_summary.csv" || fail "eurasia expected loss not above base"
    grep -q '^corridor,middle,' "$tmp/e/risk_groups.csv" || fail "no middle corridor group"
    grep -q '^ru-kz-escalation,joint,russia-transit-closure;cpc-shutdown,' "$tmp/e/risk_hazards.csv" || fail "joint event row"
    # --threads does not change a byte
    "$bin" risk "$data" --hazards "$data/hazards.txt" --samples 500 --threads 1 --out "$tmp/e1" >/dev/null 2>&1 || fail "threads 1 exit $?"
    diff -r "$tmp/e" "$tmp/e1" >/dev/null || fail "--threads 1 differs from the default"
fi

# 3b. Latin-hypercube sampling (--lhs): on the tiny two-hazard case its
# estimates stay within 3 standard errors of the exact expectation and are
# closer to it than plain Monte Carlo over the same five seeds; the result
# does not depend on the batch size (the strata are keyed by sample index)
errs() { # errs EXTRA...: five seeds' |estimate - exact| / se, and |estimate - exact|
  for sd in 1 2 3 4 5; do
    "$bin" risk "$tiny" --hazards "$tiny/hazards.txt" --samples 400 --seed $sd --exact --json "$@" --out "$tmp/l$sd" 2>/dev/null |
      python3 -c 'import json,sys; s=[r for r in json.load(sys.stdin)["risk_summary"] if r["metric"]=="loss_usd"][0]; print(abs(s["expected"]-s["exact"])/s["se"], abs(s["expected"]-s["exact"]))'
  done
}
errs > "$tmp/mc.txt"; errs --lhs > "$tmp/lhs.txt"
python3 - "$tmp/mc.txt" "$tmp/lhs.txt" <<'PY' || fail "--lhs: not within 3 s.e. or not better than Monte Carlo"
import sys
mc = [list(map(float, l.split())) for l in open(sys.argv[1])]
lh = [list(map(float, l.split())) for l in open(sys.argv[2])]
assert len(mc) == 5 and len(lh) == 5
assert all(z <= 3 for z, _ in lh), lh
print("  |error| summed over 5 seeds: Monte Carlo %.0f, LHS %.0f" % (sum(e for _, e in mc), sum(e for _, e in lh)))
assert sum(e for _, e in lh) < 0.6 * sum(e for _, e in mc)
PY
"$bin" risk "$tiny" --hazards "$tiny/hazards.txt" --samples 999 --lhs --batch 1000 --out "$tmp/lb1" >/dev/null 2>&1 &&
"$bin" risk "$tiny" --hazards "$tiny/hazards.txt" --samples 999 --lhs --batch 77 --out "$tmp/lb2" >/dev/null 2>&1 &&
diff -r "$tmp/lb1" "$tmp/lb2" >/dev/null || fail "--lhs: batch sizes 1000 and 77 differ"
"$bin" risk "$tiny" --hazards "$tiny/hazards.txt" --lhs --target-se 10 --out "$tmp/lb3" >"$tmp/lb3.txt" 2>&1
[ $? -eq 1 ] && grep -q "does not go with --target-se" "$tmp/lb3.txt" && [ ! -e "$tmp/lb3" ] || fail "--lhs --target-se not refused: $(cat "$tmp/lb3.txt")"

# 4. MPI: 1 process vs 2 ranks on localhost, byte for byte (Open MPI as root
#    needs its allow-run-as-root variables; 2 ranks oversubscribe 2 cores).
#    Skipped without MPI, and under the sanitizers (Open MPI's own
#    allocations are not ours to check).
if command -v mpirun >/dev/null 2>&1 && ldd "$bin" 2>/dev/null | grep -q libmpi && [ -z "${COR_SANITIZED:-}" ]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
    set -- --hazards "$tiny/hazards.txt" --samples 2500 --batch 700 --exact --unserved-cost 100
    "$bin" risk "$tiny" "$@" --out "$tmp/m1" >/dev/null 2>&1 || fail "1 process exit $?"
    mpirun -np 2 "$bin" risk "$tiny" "$@" --out "$tmp/m2" >"$tmp/m2.txt" 2>&1 || { fail "2 ranks exit $?"; cat "$tmp/m2.txt"; }
    diff -r "$tmp/m1" "$tmp/m2" >/dev/null || fail "1 process and 2 ranks differ (tiny)"
    "$bin" risk "$tiny" "$@" --lhs --out "$tmp/m4" >/dev/null 2>&1 || fail "1 process --lhs exit $?"
    mpirun -np 2 "$bin" risk "$tiny" "$@" --lhs --out "$tmp/m5" >"$tmp/m5.txt" 2>&1 || { fail "2 ranks --lhs exit $?"; cat "$tmp/m5.txt"; }
    diff -r "$tmp/m4" "$tmp/m5" >/dev/null || fail "1 process and 2 ranks differ (tiny, --lhs)"
    if [ -f "$data/hazards.txt" ]; then
        set -- --hazards "$data/hazards.txt" --samples 1200 --batch 500 --target-se 1e12
        "$bin" risk "$data" "$@" --out "$tmp/n1" >/dev/null 2>&1 || fail "eurasia 1 process exit $?"
        mpirun -np 2 "$bin" risk "$data" "$@" --threads 1 --out "$tmp/n2" >"$tmp/n2.txt" 2>&1 || { fail "eurasia 2 ranks exit $?"; cat "$tmp/n2.txt"; }
        diff -r "$tmp/n1" "$tmp/n2" >/dev/null || fail "1 process and 2 ranks differ (eurasia)"
    fi
    # bad input under MPI: exit 2 from every rank, the message once
    mpirun -np 2 "$bin" risk "$tiny" --hazards "$tmp/bad.txt" --out "$tmp/m3" >"$tmp/m3.txt" 2>&1
    rc=$?
    [ $rc -eq 2 ] || fail "bad input under mpirun exit $rc"
    [ "$(grep -c 'field probability' "$tmp/m3.txt")" -eq 1 ] || { fail "bad input message not printed once"; cat "$tmp/m3.txt"; }
else
    echo "note: MPI part skipped (no mpirun, a build without MPI, or sanitizers)"
fi

[ $fails -eq 0 ] || exit 1
echo "ok"
