#!/bin/sh
# make demo: the main job on the shipped data.
#   1. the Eurasian freight-corridor model (data/eurasia), base year 2024
#      network as of the data's status: corridor table, TRIPP and Caspian
#      crossings; results in out/eurasia/
#   2. the same with the network of 2030 (TRIPP and the Nakhchivan/Kars-Dilucu
#      railways open); results in out/eurasia-2030/
#   3. three distinct corridors Xi'an -> Constanta for containers, and the
#      calibration fit of the base year (the published 2024 figures of
#      calibration.csv against the model: out/calibration/)
#   4. the Braess example (a generic TNTP assignment) in out/example/
#   5. the shipped scenarios against the base (out/scenarios/), transit-country
#      exposure (out/exposure/) and link criticality (out/criticality/)
#   6. the report of the base year and the shipped scenarios: out/report/index.html
#      (self-contained; open it in a browser; its live what-if panel re-solves the
#      model in the page, docs/REPORTS.md), links.geojson, nodes.geojson,
#      results.gpkg
set -eu
bin=${1:-build/corridor}
mkdir -p out
echo "== Eurasian freight corridors, base year (data/eurasia) =="
"$bin" corridors data/eurasia --out out/eurasia
echo
echo "== the same network in 2030 (planned links open by opening_year) =="
"$bin" corridors data/eurasia --year 2030 --out out/eurasia-2030
echo
echo "== three distinct corridors, Xi'an -> Constanta, containers =="
"$bin" route data/eurasia --from cn_xian --to ro_constanta --k 3 --class containers
echo
echo "== does the base year reproduce what shippers did in 2024? (docs/CALIBRATION.md) =="
"$bin" calibrate data/eurasia --check --out out/calibration
echo
echo "== generic traffic assignment: Braess network =="
"$bin" assign data/example/braess_net.tntp --demand data/example/braess_trips.tntp --gap 1e-10 --out out/example
echo
scen=""
for s in data/eurasia/scenarios/*.scenario; do
  [ "$(basename "$s")" = base.scenario ] || scen="$scen --scenario $s"
done
echo "== what if: the shipped scenarios against the base (docs/SCENARIOS.md) =="
# shellcheck disable=SC2086
"$bin" scenario data/eurasia $scen --out out/scenarios
echo
echo "== who depends on whom: transit-country exposure; the most critical links =="
"$bin" exposure data/eurasia --out out/exposure
"$bin" criticality data/eurasia --by link --top 10 --out out/criticality
echo
echo "== report: map of flows, corridor charts, scenario maps; GeoJSON + GeoPackage (data/eurasia) =="
# shellcheck disable=SC2086
"$bin" report data/eurasia $scen --out out/report
