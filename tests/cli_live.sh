#!/bin/sh
# The report's live what-if panel (issue #17, docs/REPORTS.md) in a real
# browser: tests/browser/live.mjs drives Debian's Chromium with puppeteer-core
# (installed by scripts/install-deps.sh test from tests/browser/package-lock.json)
# and compares the page's corridor table with `corridor scenario` on the same
# scenario body.  Also: the report of the shipped scenarios with the panel stays
# under 6 MB and references nothing on the network; a build without the engine
# (no emscripten, -DCOR_WASM=OFF) says on the page that the panel is not there.
# Usage: sh tests/cli_live.sh CORRIDOR_BIN SOURCE_DIR.  COR_LIVE_BUILT=1 (set by
# CMake when this build made the engine): a page without the engine fails.
# Exit 77 (skipped) without Chromium, Node or puppeteer-core, or without the
# engine in a build that did not make it.
set -u
bin=$1
src=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# the report of the base and every shipped scenario, as make demo writes it
scen=""
for s in "$src"/data/eurasia/scenarios/*.scenario; do
  [ "$(basename "$s")" = base.scenario ] || scen="$scen --scenario $s"
done
# shellcheck disable=SC2086
"$bin" report "$src/data/eurasia" $scen --out "$tmp/report" >/dev/null 2>"$tmp/err" || fail "report: $(cat "$tmp/err")"
page=$tmp/report/index.html
size=$(wc -c <"$page")
grep -q 'https\?://' "$page" && fail "index.html references the network"
grep -q 'id="live"' "$page" || fail "no live section in the report"
if ! grep -q 'id="live-data"' "$page"; then
  grep -q "The live what-if panel is not included in this report" "$page" || fail "no engine and no note saying so"
  [ "${COR_LIVE_BUILT:-0}" = 1 ] && fail "this build made the engine but the report has no live panel"
  echo "SKIP: this corridor was built without the WebAssembly engine (the page says so)" >&2
  exit 77
fi
[ "$size" -lt 6000000 ] || fail "index.html with the engine is $size bytes (limit 6 MB)"
ok "report with the live panel and $(echo "$scen" | wc -w | awk '{print $1 / 2}') scenarios: $size bytes"

chrome=""
for c in chromium chromium-browser google-chrome; do
  if command -v "$c" >/dev/null 2>&1; then chrome=$(command -v "$c"); break; fi
done
[ -n "$chrome" ] || { echo "SKIP: no Chromium (scripts/install-deps.sh test)" >&2; exit 77; }
command -v node >/dev/null 2>&1 || { echo "SKIP: no Node.js" >&2; exit 77; }
[ -d "$src/tests/browser/node_modules/puppeteer-core" ] ||
  { echo "SKIP: no puppeteer-core (scripts/install-deps.sh test runs npm ci in tests/browser)" >&2; exit 77; }

# the CLI on the same body as the fragment #scenario=close%20country%20RU%0Aopen%20link%20L078
printf 'close country RU\nopen link L078\n' >"$tmp/ru.scenario"
"$bin" scenario "$src/data/eurasia" --scenario "$tmp/ru.scenario" --out "$tmp/cli" >/dev/null 2>"$tmp/err" ||
  fail "corridor scenario: $(cat "$tmp/err")"
HOME=$tmp timeout 300 node "$src/tests/browser/live.mjs" "$chrome" "$page" "$tmp/cli/corridors.csv" ru ||
  fail "browser checks (above)"
echo "cli_live: all checks passed"
