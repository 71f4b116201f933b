#!/bin/sh
# corridor report end to end, checked in a real browser (headless Chromium):
#   - the report of data/eurasia with a scenario is written (index.html,
#     links.geojson, nodes.geojson, results.gpkg) and the CLI prints its path;
#   - Chromium opens it offline without a single console message (a page with
#     a deliberate error proves the console check sees errors);
#   - the DOM after scripts ran holds one path per link with flow in the main
#     map (counted against links.geojson) and one path per link in all;
#   - a 1280x800 screenshot is taken and is not blank;
#   - ogrinfo (GDAL) lists the GeoPackage layers with the right feature counts
#     and EPSG:4326, or, without GDAL, SQL checks of the required tables;
#   - a TNTP network with --nodes (non-geographic) and usage errors.
# Usage: sh tests/cli_report.sh CORRIDOR_BIN SOURCE_DIR.  Exit 77 (skipped)
# only when Chromium is not installed (scripts/install-deps.sh test installs it).
set -u
bin=$1
src=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

chrome=""
for c in chromium chromium-browser google-chrome; do
  if command -v "$c" >/dev/null 2>&1; then chrome=$(command -v "$c"); break; fi
done
if [ -z "$chrome" ]; then
  echo "SKIP: no Chromium (run scripts/install-deps.sh test)" >&2
  exit 77
fi
[ -d "$src/data/eurasia" ] || fail "no data/eurasia in $src"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
out=$tmp/report

# ---- 1. the report -----------------------------------------------------------
"$bin" report "$src/data/eurasia" --scenario "$src/data/eurasia/scenarios/tripp-open.scenario" \
  --out "$out" >"$tmp/stdout" 2>"$tmp/stderr" || { cat "$tmp/stderr" >&2; fail "corridor report exited $?"; }
[ "$(cat "$tmp/stdout")" = "$out/index.html" ] || fail "printed '$(cat "$tmp/stdout")', expected $out/index.html"
for f in index.html links.geojson nodes.geojson results.gpkg links_tripp_open.geojson nodes_tripp_open.geojson; do
  [ -s "$out/$f" ] || fail "$f missing or empty"
done
ls "$out" | grep -q '\.tmp\.' && fail "temporary file left in $out"
grep -q 'https\?://' "$out/index.html" && fail "index.html references the network"
ok "report written: $(ls "$out" | tr '\n' ' ')"
grep -q "Calibration: the base year against published figures" "$out/index.html" \
  && grep -qE "([0-9]+) of \1 published figures reproduced by the base case \(logit\)" "$out/index.html" \
  && grep -q "calibrated route-choice model" "$out/index.html" \
  || fail "no calibration section (every target reproduced, logit) in the report"
ok "report: calibration section, the logit model named"
# the risk section and the appraisal (one hazard: quick)
printf 'hazard russia-transit-closure\n  probability 0.1\n  duration fixed 180\n  close country RU\n  open link L078\nend\n' > "$tmp/h1.txt"
"$bin" report "$src/data/eurasia" --hazards "$tmp/h1.txt" --projects "$src/data/eurasia/projects.txt" --samples 300 \
  --out "$tmp/rr" >/dev/null 2>"$tmp/rr.err" || fail "report --hazards --projects: $(cat "$tmp/rr.err")"
for h in "Disruption risk: expected annual loss and tail" "exceeded once in T years" \
         "Hazard contributions to the expected annual loss" "Appraisal of candidate investments under the hazards" \
         "tripp-with-kars-dilucu" "russia-transit-closure"; do
  grep -q "$h" "$tmp/rr/index.html" || fail "report --hazards: no '$h'"
done
"$bin" report "$src/data/eurasia" --projects "$src/data/eurasia/projects.txt" --out "$tmp/rx" >/dev/null 2>"$tmp/rx.err"
[ $? = 1 ] && grep -q "go with --hazards FILE" "$tmp/rx.err" && [ ! -e "$tmp/rx" ] || fail "--projects without --hazards: $(cat "$tmp/rx.err")"
ok "report: risk section (loss and tail, return periods, hazard contributions) and appraisal with --hazards --projects"

# ---- 2. headless Chromium ------------------------------------------------------
run_chrome() { # run_chrome PROFILE ARGS...  (stderr has the console)
  prof=$1; shift
  timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-default-apps --user-data-dir="$prof" --enable-logging=stderr --v=0 "$@"
}

# the console check must see a real error
printf '<!DOCTYPE html><html><body><script>undefinedFunction();</script></body></html>' >"$tmp/bad.html"
run_chrome "$tmp/prof0" --dump-dom "file://$tmp/bad.html" >/dev/null 2>"$tmp/bad.err"
grep -q 'CONSOLE.*undefinedFunction' "$tmp/bad.err" || fail "console check cannot see errors (chromium log format changed?)"

run_chrome "$tmp/prof1" --dump-dom "file://$out/index.html" >"$tmp/dom.html" 2>"$tmp/dom.err" \
  || fail "chromium --dump-dom failed: $(tail -3 "$tmp/dom.err")"
if grep 'CONSOLE' "$tmp/dom.err" >/dev/null; then
  grep 'CONSOLE' "$tmp/dom.err" >&2
  fail "console messages while loading the report"
fi
ok "no console messages"

# links with flow: features of links.geojson whose flow > 1e-6 x the largest
# (the map's threshold; the rest are drawn as 'noflow')
counts=$(awk '
  { n = split($0, parts, "\"type\":\"Feature\"");
    for (i = 2; i <= n; i++) {
      total++;
      if (match(parts[i], /"flow":[-0-9.eE+]+/)) {
        v = substr(parts[i], RSTART + 7, RLENGTH - 7) + 0; flow[total] = v; if (v > max) max = v;
      }
    } }
  END { c = 0; for (i = 1; i <= total; i++) if (flow[i] > max * 1e-6 && flow[i] > 0) c++; print total, c }' "$out/links.geojson")
n_links=${counts% *}
n_flow=${counts#* }
[ "$n_links" -gt 100 ] || fail "links.geojson has $n_links features"
[ "$n_flow" -gt 20 ] || fail "only $n_flow links with flow"
# the main map: from id="map0" to the first </svg> after it
awk 'BEGIN{RS="</svg>"} /id="map0"/ { sub(/.*id="map0"/, ""); print; exit }' "$tmp/dom.html" >"$tmp/map0.svg"
dom_flow=$(grep -o 'class="link flow[" ]' "$tmp/map0.svg" | wc -l)
dom_all=$(grep -o '<path class="link ' "$tmp/map0.svg" | wc -l)
[ "$dom_flow" -eq "$n_flow" ] || fail "map has $dom_flow paths with flow, links.geojson $n_flow links with flow"
[ "$dom_all" -eq "$n_links" ] || fail "map has $dom_all link paths, network $n_links links"
grep -q 'id="map1"' "$tmp/dom.html" || fail "no difference map for the scenario"
grep -q 'data-tip="' "$tmp/map0.svg" || fail "tooltips not set up by the script"
ok "DOM: $dom_flow link paths with flow of $dom_all (links.geojson: $n_flow of $n_links)"

# the page's own script: hover shows the tooltip box, a mode box hides that mode
# (index.html#selftest records both on <body>)
run_chrome "$tmp/prof3" --dump-dom "file://$out/index.html#selftest" >"$tmp/self.html" 2>"$tmp/self.err" \
  || fail "chromium --dump-dom #selftest failed"
grep 'CONSOLE' "$tmp/self.err" >&2 && fail "console messages in #selftest"
tip=$(grep -o 'data-selftest-tip="[^"]*"' "$tmp/self.html")
# the box shows the first line of the link's tooltip (its name)
[ -n "$tip" ] && [ "$tip" != 'data-selftest-tip=""' ] || fail "hovering a link showed no tooltip: '$tip'"
first=$(echo "$tip" | sed 's/^data-selftest-tip="//; s/"$//')
grep -qF "data-tip=\"$first" "$tmp/self.html" || fail "tooltip '$first' is not the first line of a link's tooltip"
hidden=$(grep -o 'data-selftest-hidden="[^"]*"' "$tmp/self.html" | sed 's/.*="\(.*\)"/\1/')
mode=${hidden% *}
n_hidden=${hidden#* }
n_mode=$(grep -o "<path class=\"link [a-z ]*\" data-mode=\"$mode\"" "$tmp/map0.svg" | wc -l)
[ -n "$mode" ] && [ "$n_mode" -gt 0 ] && [ "$n_hidden" -eq "$n_mode" ] \
  || fail "unticking '$mode' hid $n_hidden links of $n_mode"
ok "script: tooltip '$(echo "$tip" | cut -c1-60)...', unticking $mode hides its $n_mode links"

run_chrome "$tmp/prof2" --hide-scrollbars --window-size=1280,800 --screenshot="$tmp/shot.png" \
  "file://$out/index.html" >/dev/null 2>"$tmp/shot.err"
[ -s "$tmp/shot.png" ] || fail "no screenshot: $(tail -3 "$tmp/shot.err")"
head -c 8 "$tmp/shot.png" | od -An -c | grep -q 'P   N   G' || fail "screenshot is not a PNG"
size=$(wc -c <"$tmp/shot.png")
# a blank 1280x800 page compresses to a few kB; the map is hundreds
[ "$size" -gt 60000 ] || fail "screenshot is $size bytes: blank page?"
if command -v python3 >/dev/null 2>&1; then
  colours=$(python3 - "$tmp/shot.png" <<'EOF'
import struct, sys, zlib
d = open(sys.argv[1], 'rb').read()
w, h, depth, ctype = struct.unpack('>IIBB', d[16:26])
p, idat = 8, b''
while p < len(d):
    n, t = struct.unpack('>I4s', d[p:p + 8]); idat += d[p + 8:p + 8 + n] if t == b'IDAT' else b''; p += 12 + n
raw = zlib.decompress(idat); bpp = {2: 3, 6: 4}.get(ctype, 0)
if depth != 8 or not bpp: print(999); sys.exit()
stride, prev, seen = w * bpp, bytearray(w * bpp), set()
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0; b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y % 4 == 0:
        for x in range(0, w, 4): seen.add(bytes(line[x * bpp:x * bpp + 3]))
    prev = line
print(len(seen))
EOF
)
  [ "$colours" -gt 50 ] || fail "screenshot has only $colours colours: blank?"
  ok "screenshot 1280x800, $size bytes, $colours colours (sampled)"
else
  ok "screenshot 1280x800, $size bytes"
fi

# ---- 3. the GeoPackage -------------------------------------------------------------
n_nodes=$(grep -o '"type":"Point"' "$out/nodes.geojson" | wc -l)
if command -v ogrinfo >/dev/null 2>&1; then
  ogrinfo -ro -so "$out/results.gpkg" >"$tmp/ogr.txt" 2>&1 || fail "ogrinfo cannot open results.gpkg: $(cat "$tmp/ogr.txt")"
  grep -q '1: links (Line String)' "$tmp/ogr.txt" || fail "ogrinfo: no links layer: $(cat "$tmp/ogr.txt")"
  grep -q '2: nodes (Point)' "$tmp/ogr.txt" || fail "ogrinfo: no nodes layer"
  grep -q '3: links_tripp_open (Line String)' "$tmp/ogr.txt" || fail "ogrinfo: no scenario links layer"
  ogrinfo -ro -so "$out/results.gpkg" links_tripp_open | grep -q '^flow_change: Real' || fail "ogrinfo: no flow_change"
  ogrinfo -ro -so "$out/results.gpkg" links >"$tmp/ogr_links.txt" 2>&1
  grep -q "Feature Count: $n_links\$" "$tmp/ogr_links.txt" || fail "ogrinfo links: $(grep 'Feature Count' "$tmp/ogr_links.txt"), expected $n_links"
  grep -q 'ID\["EPSG",4326\]' "$tmp/ogr_links.txt" || fail "ogrinfo links: not EPSG:4326"
  grep -q '^flow_containers: Real' "$tmp/ogr_links.txt" || fail "ogrinfo links: no flow_containers field"
  ogrinfo -ro -so "$out/results.gpkg" nodes | grep -q "Feature Count: $n_nodes\$" || fail "ogrinfo nodes count != $n_nodes"
  grep -iE 'warning|error' "$tmp/ogr.txt" "$tmp/ogr_links.txt" >&2 && fail "ogrinfo warnings"
  ok "ogrinfo: links ($n_links, EPSG:4326) and nodes ($n_nodes)"
  ogrinfo -ro -so "$out/links.geojson" links >"$tmp/ogr_gj.txt" 2>&1 || fail "ogrinfo cannot read links.geojson"
  grep -q "Feature Count: $n_links\$" "$tmp/ogr_gj.txt" || fail "ogrinfo links.geojson: $(grep 'Feature Count' "$tmp/ogr_gj.txt")"
  grep -q 'ID\["EPSG",4326\]' "$tmp/ogr_gj.txt" || fail "ogrinfo links.geojson: not WGS 84"
  # GDAL's own GeoPackage validator (python3-gdal, a dependency of gdal-bin)
  val=/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py
  if [ -f "$val" ] && [ -x /usr/bin/python3 ]; then
    /usr/bin/python3 "$val" "$out/results.gpkg" >"$tmp/val.txt" 2>&1 || fail "validate_gpkg.py: $(tail -2 "$tmp/val.txt")"
    ok "GDAL validate_gpkg.py: no finding"
  fi
elif command -v sqlite3 >/dev/null 2>&1; then
  q() { sqlite3 "$out/results.gpkg" "$1"; }
  [ "$(q 'PRAGMA application_id')" = "1196444487" ] || fail "application_id is not GPKG"
  [ "$(q "SELECT count(*) FROM gpkg_spatial_ref_sys WHERE srs_id IN (-1,0,4326)")" = 3 ] || fail "gpkg_spatial_ref_sys"
  [ "$(q "SELECT group_concat(table_name) FROM (SELECT table_name FROM gpkg_geometry_columns ORDER BY 1)")" = "links,nodes" ] || fail "gpkg_geometry_columns"
  [ "$(q 'SELECT count(*) FROM links')" = "$n_links" ] || fail "links rows"
  [ "$(q "SELECT hex(substr(geom,1,4)) FROM links LIMIT 1")" = "47500003" ] || fail "geometry blob header"
  ok "GeoPackage tables checked with sqlite3 (no ogrinfo)"
else
  echo "note: neither ogrinfo nor sqlite3: GeoPackage checked by the unit tests only"
fi

# ---- 4. a TNTP network without lon/lat, network only; usage errors -----------------
cat >"$tmp/net.tntp" <<'EOF'
<NUMBER OF ZONES> 2
<NUMBER OF NODES> 3
<FIRST THRU NODE> 1
<NUMBER OF LINKS> 3
<END OF METADATA>
~ init tail head capacity length fftime b power speed toll type ;
1 3 100 1 1 0.15 4 0 0 1 ;
3 2 100 1 1 0.15 4 0 0 1 ;
1 2 10 1 5 0.15 4 0 0 1 ;
EOF
cat >"$tmp/trips.tntp" <<'EOF'
<NUMBER OF ZONES> 2
<TOTAL OD FLOW> 50
<END OF METADATA>
Origin 1
    2 : 50 ;
Origin 2
    1 : 0 ;
EOF
printf 'node X Y ;\n1 100000 500000 ;\n2 300000 500000 ;\n3 200000 520000 ;\n' >"$tmp/node.tntp"
"$bin" report "$tmp/net.tntp" --demand "$tmp/trips.tntp" --nodes "$tmp/node.tntp" --out "$tmp/t" >/dev/null 2>"$tmp/t.err" \
  || fail "TNTP report: $(cat "$tmp/t.err")"
grep -q '"corridor:crs":"undefined cartesian"' "$tmp/t/links.geojson" || fail "TNTP: GeoJSON claims lon/lat"
# equilibrium: all 50 on 1-3-2 (time 2.02 < 5 on the direct link)
[ "$(grep -o 'class="link flow"' "$tmp/t/index.html" | wc -l)" -eq 2 ] || fail "TNTP: expected 2 links with flow"
[ "$(grep -o 'class="link noflow"' "$tmp/t/index.html" | wc -l)" -eq 1 ] || fail "TNTP: expected 1 link without flow"
grep -q 'not longitude/latitude' "$tmp/t/index.html" || fail "TNTP: no note about the coordinates"
if [ -f "${val:-}" ] && [ -x /usr/bin/python3 ]; then
  /usr/bin/python3 "$val" "$tmp/t/results.gpkg" >"$tmp/val2.txt" 2>&1 || fail "validate_gpkg.py (cartesian): $(tail -2 "$tmp/val2.txt")"
fi
ok "TNTP network with projected coordinates"

"$bin" report "$tmp/net.tntp" --demand "$tmp/trips.tntp" >/dev/null 2>&1; rc=$?
[ $rc -eq 1 ] || fail "missing --out: exit $rc, expected 1"
"$bin" report "$tmp/net.tntp" --demand "$tmp/trips.tntp" --scenario x --out "$tmp/u" >/dev/null 2>&1; rc=$?
[ $rc -eq 1 ] || fail "--scenario on TNTP: exit $rc, expected 1"
"$bin" report "$src/data/eurasia" --scenario "$tmp/none.scenario" --out "$tmp/v" >/dev/null 2>&1; rc=$?
[ $rc -ne 0 ] || fail "missing scenario file accepted"
[ ! -e "$tmp/v/index.html" ] || fail "a failed report left index.html"
ok "usage errors"
echo "cli_report: all checks passed"
