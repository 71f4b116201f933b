// The report's live what-if panel in headless Chromium (puppeteer-core,
// tests/cli_live.sh runs it):
//   1. load index.html from file://, wait for the engine to solve the base;
//   2. tick "close country RU" and add "open link L078" in the text, apply:
//      the page's corridor table equals `corridor scenario` (corridors.csv
//      given on the command line, rows of the case named by --case) in
//      tonnes, days and USD/t to 6 significant digits;
//   3. the fragment follows the state; a fresh load of that fragment URL
//      shows the same table;
//   4. a click on a link of the map closes it (a "close link" line appears);
//   5. bad input (an unknown country in the fragment, a malformed line in
//      the text): a message naming the line, the previous results kept;
//   6. no request leaves the page, no console error, no page exception;
//   7. re-solve times (the page's own figure) printed for docs/PERFORMANCE.md.
// Usage: node live.mjs CHROMIUM INDEX_HTML CORRIDORS_CSV CASE
import puppeteer from 'puppeteer-core';
import { readFileSync } from 'node:fs';

const [chrome, page_path, csv_path, case_name] = process.argv.slice(2);
let failures = 0;
const fail = (msg) => { console.error('FAIL: ' + msg); failures++; };
const ok = (msg) => console.log('ok: ' + msg);

// corridors.csv rows of one case: key corridor|class|basis -> numbers
function cliRows(path, name) {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const h = lines[0].split(',');
  const col = (n) => h.indexOf(n);
  const out = new Map();
  for (const l of lines.slice(1)) {
    const f = l.split(',');
    if (f[col('scenario')] !== name) continue;
    out.set(`${f[col('corridor')]}|${f[col('class')]}|${f[col('basis')]}`,
      { tonnes: f[col('tonnes')], days: f[col('mean_days')], usd: f[col('mean_usd_t')] });
  }
  return out;
}

const sig6 = (a, b) => {
  if (a === '' || b === '') return a === b;
  const x = Number(a), y = Number(b);
  if (x === y) return true;
  return Math.abs(x - y) <= 5e-7 * Math.max(Math.abs(x), Math.abs(y));
};

function compare(label, page, cli) {
  let n = 0;
  if (page.length === 0) { fail(`${label}: the page shows no corridor rows`); return; }
  const seen = new Set();
  for (const r of page) {
    const key = `${r.corridor}|${r.cls}|${r.basis}`;
    const c = cli.get(key);
    seen.add(key);
    if (!c) { fail(`${label}: page row ${key} is not in corridors.csv`); continue; }
    if (!sig6(r.tonnes, c.tonnes) || !sig6(r.days, c.days) || !sig6(r.usd, c.usd))
      fail(`${label}: ${key}: page ${r.tonnes} t, ${r.days} d, ${r.usd} USD/t; CLI ${c.tonnes}, ${c.days}, ${c.usd}`);
    else n++;
  }
  for (const k of cli.keys()) if (!seen.has(k)) fail(`${label}: corridors.csv row ${k} is not on the page`);
  if (n) ok(`${label}: ${n} corridor rows equal corridor scenario's (tonnes, days, USD/t)`);
}

const browser = await puppeteer.launch({
  executablePath: chrome, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--disable-default-apps'],
});
const consoleErrors = [], external = [];
async function open(url) {
  const page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push('exception: ' + e.message));
  page.on('request', (r) => { const u = r.url(); if (!u.startsWith('file:') && !u.startsWith('data:')) external.push(u); });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => {
    const p = document.getElementById('live-panel');
    return p && p.getAttribute('data-solved') && p.getAttribute('data-state') !== 'solving';
  }, { timeout: 60000 });
  return page;
}
const state = (page) => page.$eval('#live-panel', (p) => ({ state: p.getAttribute('data-state'), n: +p.getAttribute('data-solved'),
  ms: +p.getAttribute('data-solve-ms') }));
const rows = (page) => page.$$eval('#live-results tr[data-corridor]', (trs) => trs.map((t) => ({
  corridor: t.dataset.corridor, cls: t.dataset.class, basis: t.dataset.basis, tonnes: t.dataset.tonnes,
  days: t.dataset.days, usd: t.dataset.usdT })));
async function waitSolved(page, after) {
  await page.waitForFunction((n) => +document.getElementById('live-panel').getAttribute('data-solved') > n, { timeout: 60000 }, after);
}

const url = 'file://' + page_path;
const cli = cliRows(csv_path, case_name);
const cliBase = cliRows(csv_path, 'base');

// 1. the base
const page = await open(url);
let s = await state(page);
if (s.state !== 'ready') fail(`the panel did not solve the base: state ${s.state}, ` +
  await page.$eval('#live-error', (e) => e.textContent));
else ok('the engine loaded from file:// and solved the base');
compare('base', await rows(page), cliBase);

// 2. close Russia's transit by its box, reopen the CPC pipeline in the text
let n = s.n;
await page.click('#live-countries input[data-country="RU"]');
await waitSolved(page, n);
s = await state(page);
const t1 = await page.$eval('#live-text', (t) => t.value);
if (!/^close country RU$/m.test(t1)) fail(`ticking RU wrote '${t1}'`);
n = s.n;
await page.$eval('#live-text', (t) => { t.value += '\nopen link L078'; });
await page.click('#live-apply');
await waitSolved(page, n);
s = await state(page);
if (s.state !== 'ready') fail('close RU + open L078 did not solve');
compare('close country RU + open link L078 by the panel', await rows(page), cli);
const hash = await page.evaluate(() => location.hash);
if (hash !== '#scenario=close%20country%20RU%0Aopen%20link%20L078')
  fail(`the fragment is '${hash}'`);
else ok('the fragment follows the panel: ' + hash);

// 4. a click on a link of the map closes it
n = s.n;
const clicked = await page.evaluate(() => {
  const p = document.querySelector('svg#map0 .link.flow[data-id="L031"]') || document.querySelector('svg#map0 .link.flow');
  p.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  return p.getAttribute('data-id');
});
await waitSolved(page, n);
const t2 = await page.$eval('#live-text', (t) => t.value);
if (!t2.split('\n').includes('close link ' + clicked)) fail(`clicking ${clicked} wrote '${t2}'`);
else ok(`clicking link ${clicked} on the map closed it`);
const closedDash = await page.$eval(`svg#map0 .link[data-id="${clicked}"]`, (p) => p.getAttribute('stroke-dasharray'));
if (closedDash !== '2 3') fail(`the closed link is drawn with dash '${closedDash}'`);

// 5. a malformed line: a message naming it, the previous results kept
const before = await rows(page);
n = (await state(page)).n;
await page.$eval('#live-text', (t) => { t.value += '\nscale-capacity mode ferry two'; });
await page.click('#live-apply');
await waitSolved(page, n);
s = await state(page);
const err = await page.$eval('#live-error', (e) => (e.hidden ? '' : e.textContent));
if (s.state !== 'error' || !/line 4/.test(err)) fail(`malformed line: state ${s.state}, message '${err}'`);
else ok(`malformed line: '${err.slice(0, 90)}...'`);
if (JSON.stringify(await rows(page)) !== JSON.stringify(before)) fail('a bad line changed the results');
else ok('the previous results kept');
// timing: re-solves of the RU scenario (the page's own measure)
const times = [];
for (let i = 0; i < 5; i++) {
  n = (await state(page)).n;
  await page.$eval('#live-text', (t, i) => { t.value = 'close country RU\nopen link L078\nscale-capacity mode ferry ' + (1 + i / 10); }, i);
  await page.click('#live-apply');
  await waitSolved(page, n);
  times.push((await state(page)).ms);
}
await page.close();

// 3. a fresh load of the fragment URL
const p2 = await open(url + '#scenario=close%20country%20RU%0Aopen%20link%20L078');
s = await state(p2);
if (s.state !== 'ready') fail('the fragment URL did not solve');
compare('the fragment URL #scenario=close%20country%20RU%0Aopen%20link%20L078', await rows(p2), cli);
const box = await p2.$eval('#live-countries input[data-country="RU"]', (c) => c.checked);
if (!box) fail('the fragment did not tick the RU box');
// a risk premium (a route-choice constant) by the panel: a set-constant line, solved
n = s.n;
await p2.select('#live-prem-target', 'corridor suez');
await p2.$eval('#live-prem-usd', (i) => { i.value = '100'; });
await p2.click('#live-prem-set');
await waitSolved(p2, n);
const t3 = await p2.$eval('#live-text', (t) => t.value);
s = await state(p2);
const suez = (await rows(p2)).find((r) => r.corridor === 'suez' && r.cls === 'all' && r.basis === 'primary');
const suez0 = cli.get('suez|all|primary');
if (s.state !== 'ready' || !t3.split('\n').includes('set-constant corridor suez 100') || !suez || !(Number(suez.tonnes) < Number(suez0.tonnes)))
  fail(`premium: state ${s.state}, text '${t3}', suez ${suez && suez.tonnes} t against ${suez0.tonnes}`);
else ok(`a 100 USD/t premium on corridor suez: ${suez0.tonnes} -> ${suez.tonnes} t on Suez`);
await p2.close();

// an unknown country in the fragment: a message, the base kept
const p3 = await open(url + '#scenario=close%20country%20XX');
s = await state(p3);
const e3 = await p3.$eval('#live-error', (e) => (e.hidden ? '' : e.textContent));
if (s.state !== 'error' || !/line 1/.test(e3) || !/XX/.test(e3)) fail(`unknown country: state ${s.state}, '${e3}'`);
else ok(`unknown country in the fragment: '${e3.slice(0, 80)}...'`);
compare('after the bad fragment (the base kept)', await rows(p3), cliBase);
await p3.close();

await browser.close();
if (external.length) fail('requests left the page: ' + external.slice(0, 3).join(' '));
else ok('no request left the page');
if (consoleErrors.length) fail('console: ' + consoleErrors.slice(0, 5).join(' | '));
else ok('no console error or warning, no exception');
times.sort((a, b) => a - b);
console.log(`re-solve of data/eurasia (close RU, open L078, ferries scaled) in headless Chromium: median ${times[2].toFixed(1)} ms, ` +
  `min ${times[0].toFixed(1)}, max ${times[4].toFixed(1)} (5 solves)`);
process.exit(failures ? 1 : 0);
