// Lighthouse for `make bench`: the home (nearby), station and report pages, each one run of the Lighthouse
// CLI (installed by scripts/bench.sh into .bench/, never by `npm ci`) on Debian's headless Chromium, mobile
// form factor with the default simulated throttling (slow 4G, 4× CPU). Lighthouse cannot grant a position,
// so the home page gets one the way a mini-program hands it over: `?lat=…&lng=…` (docs/embedding.md).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const CHROMIUM = process.env.QINGSHUI_E2E_CHROMIUM ?? '/usr/bin/chromium';

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
 * gets `{ error }` instead of figures.
 */
export function lighthouse(bin, base, pages, outDir) {
  if (!bin || !existsSync(bin)) return { note: 'Lighthouse not installed (see scripts/bench.sh)', pages: [] };
  const out = [];
  for (const [label, path] of pages) {
    const file = join(outDir, `lighthouse-${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.json`);
    process.stderr.write(`[bench] lighthouse: ${label} (${path})\n`);
    try {
      execFileSync(
        bin,
        [
          base + path,
          '--quiet',
          '--only-categories=performance,accessibility',
          '--chrome-flags=--headless=new --no-sandbox --disable-gpu',
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
  return { note: 'one run per page', pages: out };
}
