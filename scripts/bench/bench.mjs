// `make bench` (scripts/bench.sh starts the server, then runs this): measures the built app and a running
// reference server, prints markdown tables and writes target/bench/bench.json. Figures, not pass/fail:
// every figure says how it was measured. Settings come from the environment (see scripts/bench.sh).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';

import { clientFigures } from './client.mjs';
import { lighthouse, lighthousePages } from './lighthouse.mjs';
import { load } from './load.mjs';
import { photoFigures } from './photo.mjs';
import { compressed, distSizes, DYNAMIC_LEVELS, STATIC_LEVELS } from './sizes.mjs';
import { SATURATED_SHARE, sweep, SWEEP_CONNECTIONS } from './sweep.mjs';
import { coarsen, nearby, station } from './urls.mjs';

const env = process.env;
const base = env.BENCH_BASE;
const outDir = env.BENCH_OUT_DIR ?? 'target/bench';
const nowMs = Date.parse(env.BENCH_NOW);
const loadOpts = {
  seconds: Number(env.BENCH_SECONDS ?? 10),
  connections: Number(env.BENCH_CONNECTIONS ?? 16),
  threads: Number(env.BENCH_THREADS ?? 2),
};
if (!base || Number.isNaN(nowMs)) throw new Error('run through scripts/bench.sh (BENCH_BASE, BENCH_NOW unset)');

/** One GET on loopback without any decoding: status, headers and the bytes as sent. */
function getRaw(path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(base + path, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

async function answer(label, path) {
  const plain = await getRaw(path, { 'accept-encoding': 'identity' });
  if (plain.status !== 200) throw new Error(`${label}: HTTP ${plain.status} ${plain.body.toString().slice(0, 300)}`);
  const asked = await getRaw(path, { 'accept-encoding': 'br, gzip' });
  const json = JSON.parse(plain.body);
  return {
    request: label,
    path,
    items: Array.isArray(json.value) ? json.value.length : 1,
    ...compressed(plain.body, DYNAMIC_LEVELS),
    sent_when_br_gzip_accepted: { encoding: asked.headers['content-encoding'] ?? 'identity', bytes: asked.body.length },
    json,
  };
}

// The places: the app's default centre, a district seat far from it, and a point outside the city whose
// nearest stations are ~100 km away (the case the nearby query used to be slow for).
const places = [
  ['default centre (Yuzhong)', { lat: 29.563, lon: 106.5516 }],
  ['Wanzhou', { lat: 30.8075, lon: 108.4086 }],
  ['outside the city (Chengdu)', { lat: 30.66, lon: 104.07 }],
];
const since = nowMs - 7 * 86_400_000;
const responses = [];
for (const [name, p] of places) {
  for (const r of [10e3, 160e3, null]) {
    const label = `nearby, ${name}, ${r ? `${r / 1000} km box` : 'no box'}`;
    responses.push(await answer(label, nearby('/v1.1', coarsen(p), r, 20)));
  }
}
const centreIds = responses[0].json.value.map((t) => t['@iot.id']);
for (const id of centreIds.slice(0, 3)) {
  responses.push(await answer(`station page, Thing ${id} (near the centre)`, station('/v1.1', id, since)));
}
for (const r of responses) delete r.json;

// Load: the first request of a resident at the default centre, the worst nearby case, the station page. Each
// as a crowd sends it (the same URL again and again: served from the server's answer cache after the first)
// and with every request new (an ignored extra parameter, scripts/bench/bust.lua: the render path). The
// requests accept what Chromium accepts, so answers are compressed as a browser gets them.
const pathOf = (prefix) => responses.find((r) => r.request.startsWith(prefix)).path;
const BUST = new URL('./bust.lua', import.meta.url).pathname;
const loadTargets = [
  ['nearby, default centre, 10 km box', pathOf('nearby, default centre (Yuzhong), 10 km'), null],
  ['nearby, default centre, 10 km box, every URL new', pathOf('nearby, default centre (Yuzhong), 10 km'), BUST],
  ['nearby, outside the city, no box', pathOf('nearby, outside the city (Chengdu), no box'), null],
  ['nearby, outside the city, no box, every URL new', pathOf('nearby, outside the city (Chengdu), no box'), BUST],
  ['station page (nearest to the centre)', pathOf('station page'), null],
  ['station page, every URL new', pathOf('station page'), BUST],
];
// The render path once more at 1, 2, 4 … 32 connections (scripts/bench/sweep.mjs): where throughput stops
// growing is saturation, and the goal's p99 is read there; the fixed 16 above is past it (p99 is then queueing).
const sweepTargets = [
  ['nearby, default centre, 10 km box, every URL new', pathOf('nearby, default centre (Yuzhong), 10 km')],
  ['station page, every URL new', pathOf('station page')],
];
const tools = { wrk: env.BENCH_WRK ?? '', oha: env.BENCH_OHA ?? '' };
const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';
const loadavgBefore = os.loadavg();
const loads = loadTargets.map(([label, path, script]) => {
  process.stderr.write(`[bench] load: ${label} (${loadOpts.seconds} s)\n`);
  const opts = { ...loadOpts, headers: { 'Accept-Encoding': BROWSER_ACCEPT_ENCODING }, script };
  return { request: label, path, ...(load(tools, base + path, opts) ?? { tool: 'none' }) };
});
const sweeps = sweepTargets.map(([label, path]) => {
  const opts = { ...loadOpts, headers: { 'Accept-Encoding': BROWSER_ACCEPT_ENCODING }, script: BUST };
  const log = (c) => process.stderr.write(`[bench] sweep: ${label}, ${c} connections (${loadOpts.seconds} s)\n`);
  return { request: label, path, ...sweep(tools, base + path, opts, log) };
});

// Client side: Lighthouse on every route, then the nearest-station fallback in Chromium.
// Over HTTPS/HTTP/2 first (what a deployment serves; BENCH_TLS_BASE is the same database behind a second
// server with a certificate), then over plain HTTP/1.1 as earlier runs measured it.
const lighthouseRuns = [];
if (env.BENCH_LIGHTHOUSE && env.BENCH_LIGHTHOUSE !== '0') {
  const pages = await lighthousePages(base, centreIds[0]);
  for (const at of [env.BENCH_TLS_BASE, base].filter(Boolean)) {
    lighthouseRuns.push(lighthouse(env.BENCH_LIGHTHOUSE, at, pages, outDir));
  }
} else {
  lighthouseRuns.push({ note: env.BENCH_LIGHTHOUSE_NOTE || 'skipped', pages: [] });
}
process.stderr.write('[bench] client: station index and nearest-station fallback\n');
const client = await clientFigures(base, { runs: Number(env.BENCH_CLIENT_RUNS ?? 5) });
const photo =
  env.BENCH_PHOTO === '0'
    ? { note: 'skipped (QINGSHUI_BENCH_PHOTO=0)' }
    : await photoFigures(base, { runs: Number(env.BENCH_PHOTO_RUNS ?? 3) });

const dist = distSizes(env.BENCH_DIST ?? 'dist');

let twiggy = { note: env.BENCH_TWIGGY_NOTE || 'not run' };
if (env.BENCH_TWIGGY && existsSync(env.BENCH_TWIGGY)) {
  const all = readFileSync(env.BENCH_TWIGGY, 'utf8')
    .split('\n')
    .map((l) => /^\s*(\d+)\s*┊\s*([\d.]+)%\s*┊\s*(.+)$/.exec(l))
    .filter(Boolean)
    .map((m) => ({ bytes: Number(m[1]), percent: Number(m[2]), item: m[3].trim() }));
  // The name section exists only because this build keeps symbols; it is not shipped, so it is left out.
  const shipped = (r) => !/^"function names" subsection|^custom section|^Σ|^\.\.\. and/.test(r.item);
  const total = all.find((r) => r.item.startsWith('Σ'));
  const unshipped = all.filter((r) => /^"function names" subsection|^custom section/.test(r.item));
  const whole = (total?.bytes ?? 0) - unshipped.reduce((a, r) => a + r.bytes, 0);
  const rows = all
    .filter(shipped)
    .slice(0, 20)
    .map((r) => ({ ...r, percent: whole > 0 ? (100 * r.bytes) / whole : r.percent }));
  twiggy = { note: env.BENCH_TWIGGY_NOTE, file_bytes: total?.bytes ?? null, without_names_bytes: whole, rows };
}

const log = env.BENCH_SERVER_LOG && existsSync(env.BENCH_SERVER_LOG) ? readFileSync(env.BENCH_SERVER_LOG, 'utf8') : '';
const gen = /demo city: (\d+) stations, (\d+) observations generated in ([\d.]+) s/.exec(log);
const demo = gen
  ? { stations: Number(gen[1]), observations: Number(gen[2]), seconds: Number(gen[3]) }
  : { note: 'no generation line in the server log' };

let commit = '';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
} catch {
  commit = 'unknown';
}
const report = {
  measured_at: new Date().toISOString(),
  commit,
  machine: { cpus: os.cpus().length, loadavg_1_5_15_before_load: loadavgBefore, node: process.version },
  how: {
    dist: `${env.BENCH_DIST_NOTE ?? 'dist/'}: every .wasm/.js/.css; gzip level ${STATIC_LEVELS.gzip} and brotli quality ${STATIC_LEVELS.brotli} by Node zlib (the server precompresses static files at these levels)`,
    twiggy: 'twiggy top on the wasm-bindgen output before wasm-opt (release profile, symbols kept); the 20 largest items; the name section is left out (it exists only in this build) and % is of the file without it',
    responses: `GET on loopback with Accept-Encoding: identity (raw bytes); gzip level ${DYNAMIC_LEVELS.gzip} / brotli quality ${DYNAMIC_LEVELS.brotli} by Node zlib (typical on-the-fly levels); "sent" = bytes the server sent when the request accepted br, gzip`,
    load: `${loadOpts.connections} keep-alive connections for ${loadOpts.seconds} s each on loopback, Accept-Encoding: ${BROWSER_ACCEPT_ENCODING}; "every URL new" adds an ignored parameter per request (scripts/bench/bust.lua), so no answer comes from the server's answer cache; the load generator runs on the same ${os.cpus().length} cores as the server`,
    saturation: `the "every URL new" render path at ${SWEEP_CONNECTIONS.join(', ')} keep-alive connections, ${loadOpts.seconds} s each (scripts/bench/sweep.mjs); saturation = the first step within ${Math.round(SATURATED_SHARE * 100)} % of the best step's req/s (past it, more connections add only queueing: p99 ≥ connections ÷ throughput); the goal's "p99 at saturation" is that step's p99`,
    lighthouse: 'Lighthouse CLI (npm, in .bench/), headless Debian Chromium, mobile form factor, default simulated throttling (150 ms RTT, 1.6 Mbit/s, 4x CPU); one run per page and protocol (HTTP/2 over TLS to a second server on the same database, with a certificate made for the run; then HTTP/1.1); the home page gets its position as ?lat&lng (docs/embedding.md)',
    client_index: 'the fallback station index (contract request 3) fetched page by page with Accept-Encoding: gzip, deflate, br, zstd: the bytes the server sent (Content-Length) and the JSON it decodes to',
    client_fallback: 'the app in headless Chromium against tests/e2e/sta-variant.mjs (no geo functions) in front of the bench server, located at Yuzhong; time from the geo refusal (400) arriving to the by-ids request leaving (DevTools network timestamps): the first visit downloads the index, later visits (reloads) read it from localStorage; CPU unthrottled and 4x slowed (DevTools CPU throttling)',
    photo: `the real app's /report in headless Chromium; a 4000×3000 JPEG drawn and encoded (quality 0.92) by Chromium with gradients, shapes and sensor grain, put into the gallery input (report-photo-input) of a freshly opened page, ${Number(env.BENCH_PHOTO_RUNS ?? 3)} runs per CPU setting; "selected → shown" = performance.now() from the input's change event to the thumbnail <li data-testid="report-photo"> entering the DOM (MutationObserver); "in the app" = its data-ms (platform::image::shrink's own clock, decode to encoded JPEG); output = the Blob the app uploads, read back from the thumbnail's object URL (bytes, checked against data-bytes; size from the JPEG frame header); CPU unthrottled and 4x slowed (DevTools CPU throttling slows the main thread only, not Chromium's off-thread image decoding)`,
    demo: "the server's own start-up log line (generation + indexes + checkpoint)",
  },
  dist,
  twiggy,
  responses,
  load: loads,
  saturation: sweeps,
  lighthouse: lighthouseRuns,
  client,
  photo,
  demo,
  not_yet_measured: [],
};
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'bench.json'), JSON.stringify(report, null, 2) + '\n');

const kib = (b) => (b == null ? '–' : b < 1024 ? `${b} B` : `${(b / 1024).toFixed(1)} KiB`);
const f1 = (x) => (x == null ? '–' : x.toFixed(1));
const lines = [];
const table = (head, rows) => {
  lines.push(`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`);
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
  lines.push('');
};
lines.push(`# Qingshui benchmarks (${report.measured_at}, commit ${commit}, ${os.cpus().length} cores, load average ${loadavgBefore.map((x) => x.toFixed(2)).join(' ')})`, '');
lines.push(`## Static app (dist/): ${report.how.dist}`, '');
table(
  ['kind', 'files', 'raw', `gzip -${STATIC_LEVELS.gzip}`, `brotli ${STATIC_LEVELS.brotli}`],
  Object.entries(dist.totals).map(([k, t]) => [k, t.files, kib(t.raw), kib(t.gzip), kib(t.br)]),
);
lines.push(`## Top wasm contributors: ${report.how.twiggy}`, '');
if (twiggy.rows?.length) {
  table(['shallow bytes', '%', 'item'], twiggy.rows.map((r) => [r.bytes, r.percent.toFixed(2), r.item.replaceAll('|', '\\|')]));
} else {
  lines.push(`not measured: ${twiggy.note}`, '');
}
lines.push(`## API answers: ${report.how.responses}`, '');
table(
  ['request', 'items', 'raw', `gzip ${DYNAMIC_LEVELS.gzip}`, `br ${DYNAMIC_LEVELS.brotli}`, 'sent (br, gzip accepted)'],
  responses.map((r) => [r.request, r.items, kib(r.raw), kib(r.gzip), kib(r.br), `${kib(r.sent_when_br_gzip_accepted.bytes)} ${r.sent_when_br_gzip_accepted.encoding}`]),
);
lines.push(`## Server under load: ${report.how.load}`, '');
table(
  ['request', 'tool', 'requests', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'non-2xx', 'socket errors'],
  loads.map((l) => [l.request, l.tool, l.requests ?? '–', f1(l.rps), f1(l.p50_ms), f1(l.p90_ms), f1(l.p99_ms), l.non_2xx ?? '–', l.socket_errors ?? '–']),
);
lines.push(`## Server saturation: ${report.how.saturation}`, '');
table(
  ['request', 'connections', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'non-2xx', 'socket errors', 'saturation'],
  sweeps.flatMap((s) =>
    s.steps.map((l) => [s.request, l.connections, f1(l.rps), f1(l.p50_ms), f1(l.p90_ms), f1(l.p99_ms), l.non_2xx ?? '–', l.socket_errors ?? '–', l === s.saturated ? `**here: p99 ${f1(l.p99_ms)} ms**` : '']),
  ),
);
for (const lighthouseResult of lighthouseRuns) {
  const over = lighthouseResult.protocol ? ` — ${lighthouseResult.protocol}` : '';
  lines.push(`## Lighthouse${over}: ${report.how.lighthouse}`, '');
  if (lighthouseResult.pages.length) {
    const ms = (x) => (x == null ? '–' : `${Math.round(x)} ms`);
    table(
      ['page', 'performance', 'FCP', 'LCP', 'TBT', 'CLS', 'total bytes', 'accessibility'],
      lighthouseResult.pages.map((p) =>
        p.error
          ? [p.page, `failed: ${p.error.split('\n')[0].replaceAll('|', '/')}`, '', '', '', '', '', '']
          : [p.page, p.performance, ms(p.fcp_ms), ms(p.lcp_ms), ms(p.tbt_ms), p.cls?.toFixed(3) ?? '–', kib(p.total_bytes), p.accessibility],
      ),
    );
  } else {
    lines.push(`not measured: ${lighthouseResult.note}`, '');
  }
}
lines.push(`## Station index on the wire: ${report.how.client_index}`, '');
table(
  ['pages', 'stations', 'decoded JSON', 'sent', 'encoding'],
  [[client.index.pages, client.index.stations, kib(client.index.raw_bytes), kib(client.index.sent_bytes), client.index.encoding]],
);
lines.push(`## Nearest-station fallback in Chromium: ${report.how.client_fallback}`, '');
if (Array.isArray(client.fallback)) {
  table(
    ['CPU', 'first visit (index download + ranking)', 'stored index: median', 'min', 'max', 'runs'],
    client.fallback.map((f) => [
      f.cpu_slowdown === 1 ? 'unthrottled' : `${f.cpu_slowdown}x slower`,
      `${f1(f.first_query_with_download_ms)} ms (${f.first_query_index_requests} index requests)`,
      `${f1(f.stored_index_median_ms)} ms`,
      `${f1(f.stored_index_min_ms)} ms`,
      `${f1(f.stored_index_max_ms)} ms`,
      f.stored_index_runs,
    ]),
  );
} else {
  lines.push(`not measured: ${client.fallback.error}`, '');
}
lines.push(`## Photo pipeline (12 MP JPEG shrunk on the report page): ${report.how.photo}`, '');
if (photo.results?.length) {
  const mib = (b) => `${(b / 1048576).toFixed(2)} MiB`;
  table(
    ['CPU', 'selected → shown: median', 'min', 'max', 'in the app (data-ms): median', 'output', `goal ≤ ${kib(photo.goal_bytes)}`, 'input', 'runs'],
    photo.results.map((r) => [
      r.cpu_slowdown === 1 ? 'unthrottled' : `${r.cpu_slowdown}x slower`,
      `${f1(r.selected_to_shown_median_ms)} ms`,
      `${f1(r.selected_to_shown_min_ms)} ms`,
      `${f1(r.selected_to_shown_max_ms)} ms`,
      `${r.app_shrink_median_ms} ms`,
      `${kib(r.output_bytes_median)} (${r.output_bytes_median} B${r.output_bytes_max !== r.output_bytes_median ? `, max ${r.output_bytes_max} B` : ''}), ${r.output_dimensions} ${r.output_type}`,
      r.goal_met ? 'met' : `over (max ${kib(r.output_bytes_max)})`,
      `${mib(photo.input.bytes)} (${photo.input.bytes} B), ${photo.input.width}×${photo.input.height} JPEG`,
      r.runs,
    ]),
  );
} else {
  lines.push(`not measured: ${photo.note ?? String(photo.error).split('\n')[0]}`, '');
}
lines.push(`## Start-up: ${report.how.demo}`, '');
table(
  ['what', 'figure'],
  [['demo city generation', demo.seconds != null ? `${demo.stations} stations, ${demo.observations} observations in ${demo.seconds} s` : demo.note]],
);
if (report.not_yet_measured.length) {
  lines.push('## Not yet measured', '');
  table(['what', 'status'], report.not_yet_measured.map((w) => [w, 'not yet measured']));
}
const md = lines.join('\n');
writeFileSync(join(outDir, 'bench.md'), md + '\n');
console.log(md);
