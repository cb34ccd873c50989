// Client-side figures for `make bench`: the nearest-station fallback (servers without geo functions, see
// src/api/index.rs) in headless Chromium, and the station index's size on the wire.
//
// The app is driven against tests/e2e/sta-variant.mjs in front of the bench server: that service refuses
// geo queries (400), as a server without the geo conformance class does, so the app ranks the stations
// itself from its index of all 17,000. A query's client-side time is read from the DevTools network log: from
// the moment the refusal has arrived to the moment the app asks for the nearest stations by id — the index
// read from localStorage and parsed, 17,000 distances, the sort. The first query also downloads the index
// (17 pages); the others read it from storage (a reload each, the way a returning resident opens the app).
// Both unthrottled and with the CPU slowed 4× (DevTools CPU throttling, Lighthouse's mobile setting).
import { chromium } from 'playwright-core';

import { startVariant } from '../../tests/e2e/sta-variant.mjs';

const CHROMIUM = process.env.QINGSHUI_E2E_CHROMIUM ?? '/usr/bin/chromium';
const YUZHONG = { lat: 29.5576, lon: 106.577 };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
};

/** Body bytes of the station index as a server sends it with br/gzip: every page through @iot.nextLink. */
async function indexOnTheWire(base) {
  let next = `${base}/v1.1/Things?$select=@iot.id,name&$expand=Locations($select=location)&$top=1000`;
  const out = { pages: 0, stations: 0, raw_bytes: 0, sent_bytes: 0, encoding: null };
  while (next) {
    const url = new URL(next, base).href;
    const sent = await fetch(url, { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    // Node's fetch decodes; the compressed size is read from the raw socket bytes via Content-Length.
    const length = Number(sent.headers.get('content-length'));
    out.encoding = sent.headers.get('content-encoding') ?? 'identity';
    const text = await sent.text();
    out.pages += 1;
    out.raw_bytes += Buffer.byteLength(text);
    out.sent_bytes += Number.isFinite(length) && length > 0 ? length : Buffer.byteLength(text);
    const page = JSON.parse(text);
    out.stations += page.value.length;
    next = page['@iot.nextLink'];
  }
  return out;
}

/** One located visit through the variant: ms from the geo refusal to the by-ids request, and index bytes. */
async function oneQuery(page, cdp, variant, first) {
  const times = new Map();
  const onSent = (e) => times.set(e.requestId, { url: e.request.url, sent: e.timestamp });
  const onDone = (e) => {
    const t = times.get(e.requestId);
    if (t) t.done = e.timestamp;
  };
  cdp.on('Network.requestWillBeSent', onSent);
  cdp.on('Network.loadingFinished', onDone);
  cdp.on('Network.loadingFailed', onDone);
  variant.clear();
  await (first ? page.goto('/') : page.reload());
  const deadline = Date.now() + 15_000;
  const started = () => variant.requests.some((r) => r.kind === 'geo');
  while (!started() && Date.now() < deadline) await page.waitForTimeout(100);
  if (!started()) await page.getByTestId('locate-button').click();
  await page.locator('[data-testid="station-list"] li[data-station-id]').first().waitFor({ timeout: 120_000 });
  cdp.off('Network.requestWillBeSent', onSent);
  cdp.off('Network.loadingFinished', onDone);
  cdp.off('Network.loadingFailed', onDone);
  const all = [...times.values()].map((t) => ({ ...t, q: decodeURIComponent(t.url) }));
  const geo = all.filter((t) => /geo\.distance|st_within/.test(t.q) && t.done != null);
  const byIds = all.filter((t) => /\$filter=[^&]*@iot\.id/.test(t.q));
  if (!geo.length || !byIds.length) return null;
  const refused = Math.min(...geo.map((t) => t.done));
  const asked = Math.min(...byIds.map((t) => t.sent).filter((s) => s >= refused));
  return {
    ms: (asked - refused) * 1000,
    index_requests: variant.requests.filter((r) => r.kind === 'index').length,
  };
}

/** The fallback timings: `{ first, repeat: { runs, median_ms, … } }` per CPU setting. */
async function fallbackTimings(base, runs) {
  const variant = await startVariant({ url: base });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const results = [];
  try {
    for (const rate of [1, 4]) {
      const context = await browser.newContext({ baseURL: variant.url, locale: 'zh-CN', serviceWorkers: 'block' });
      await context.grantPermissions(['geolocation'], { origin: variant.url });
      await context.setGeolocation({ latitude: YUZHONG.lat, longitude: YUZHONG.lon, accuracy: 20 });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      const first = await oneQuery(page, cdp, variant, true);
      const repeats = [];
      for (let i = 0; i < runs; i++) {
        const r = await oneQuery(page, cdp, variant, false);
        if (r) repeats.push(r);
      }
      const stored = repeats.filter((r) => r.index_requests === 0).map((r) => r.ms);
      results.push({
        cpu_slowdown: rate,
        first_query_with_download_ms: first?.ms ?? null,
        first_query_index_requests: first?.index_requests ?? null,
        stored_index_runs: stored.length,
        stored_index_median_ms: median(stored),
        stored_index_min_ms: stored.length ? Math.min(...stored) : null,
        stored_index_max_ms: stored.length ? Math.max(...stored) : null,
        runs_that_downloaded_again: repeats.length - stored.length,
      });
      await context.close();
    }
  } finally {
    await browser.close();
    await variant.stop();
  }
  return results;
}

/** Everything this module measures, for bench.mjs. */
export async function clientFigures(base, { runs = 5 } = {}) {
  const index = await indexOnTheWire(base);
  let fallback;
  try {
    fallback = await fallbackTimings(base, runs);
  } catch (e) {
    fallback = { error: String(e?.stack ?? e) };
  }
  return { index, fallback };
}
