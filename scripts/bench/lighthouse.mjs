// Lighthouse for `make bench`: every route (home/nearby, station, report, My reports, a report's page,
// settings), each one run of the Lighthouse CLI (installed by scripts/bench.sh into .bench/, never by `npm ci`) on Debian's headless Chromium, mobile
// form factor with the default simulated throttling (slow 4G, 4× CPU). Lighthouse cannot grant a position,
// so the home page gets one the way a mini-program hands it over: `?lat=…&lng=…` (docs/embedding.md).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fileReport } from '../../tests/e2e/fixtures.mjs';

const CHROMIUM = process.env.QINGSHUI_E2E_CHROMIUM ?? '/usr/bin/chromium';

/** Where the bench's report is filed: the demo city's centre (Yuzhong), as the e2e tests file theirs. */
const REPORT_AT = { lat: 29.5576, lon: 106.577 };

/**
 * The `[label, path]` of every route Lighthouse measures. Lighthouse cannot grant a position, so the home page
 * gets one the way a mini-program hands it over; My reports starts empty (Lighthouse opens a fresh profile).
 */
export async function lighthousePages(base, stationId) {
  // Filed so that a report's page has something to show.
  const requestId = await fileReport(base, REPORT_AT, 'Benchmark report: the river below the steps has turned brown.');
  return [
    ['home (nearby, position handed over)', '/?lat=29.5576&lng=106.577'],
    [`station (Thing ${stationId})`, `/station/${stationId}`],
    ['report', '/report'],
    ['my reports', '/my-reports'],
    [`a report's page`, `/request/${requestId}`],
    ['settings', '/settings'],
  ];
}

/** The figures of one Lighthouse report. */
function figures(lhr) {
  const num = (id) => lhr.audits[id]?.numericValue ?? null;
  const score = (id) => (lhr.categories[id]?.score == null ? null : Math.round(lhr.categories[id].score * 100));
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    fcp_ms: num('first-contentful-paint'),
    lcp_ms: num('largest-contentful-paint'),
    tbt_ms: num('total-blocking-time'),
    cls: num('cumulative-layout-shift'),
    total_bytes: num('total-byte-weight'),
    lighthouse: lhr.lighthouseVersion,
    settings: {
      form_factor: lhr.configSettings?.formFactor,
      throttling_method: lhr.configSettings?.throttlingMethod,
      throttling: lhr.configSettings?.throttling,
    },
    run_warnings: lhr.runWarnings ?? [],
    runtime_error: lhr.runtimeError?.message ?? null,
  };
}

/**
 * Runs Lighthouse on each `[label, path]` of `pages` against `base`; `bin` is the CLI. A page whose run fails
 * gets `{ error }` instead of figures. An `https:` base is the bench's own server with a certificate made for
 * the run, which Chromium is told to accept.
 */
export function lighthouse(bin, base, pages, outDir) {
  const https = base.startsWith('https:');
  if (!bin || !existsSync(bin)) return { note: 'Lighthouse not installed (see scripts/bench.sh)', pages: [] };
  const out = [];
  for (const [label, path] of pages) {
    const file = join(outDir, `lighthouse-${https ? 'h2-' : ''}${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.json`);
    process.stderr.write(`[bench] lighthouse: ${label} (${path})\n`);
    try {
      execFileSync(
        bin,
        [
          base + path,
          '--quiet',
          '--only-categories=performance,accessibility',
          `--chrome-flags=--headless=new --no-sandbox --disable-gpu${https ? ' --ignore-certificate-errors' : ''}`,
          '--output=json',
          `--output-path=${file}`,
        ],
        { env: { ...process.env, CHROME_PATH: CHROMIUM }, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 },
      );
      out.push({ page: label, path, report: file, ...figures(JSON.parse(readFileSync(file, 'utf8'))) });
    } catch (e) {
      out.push({ page: label, path, error: String(e.stderr ?? e.message ?? e).slice(0, 500) });
    }
  }
  return { note: 'one run per page', protocol: https ? 'HTTP/2 over TLS' : 'HTTP/1.1', base, pages: out };
}
