// First-load size budget (issue #6): the critical path of the nearby view — the page, its CSS, the JS glue and
// split loader, and the main wasm — compressed as the server sends them to Chromium, read from the DevTools
// network log of a real first visit on the demo city. The lazily loaded page chunks (station page, settings,
// report form, My reports, one report), the station-index fallback and the outbox sender (fetched only while a
// report waits) must not be part of it.
//
// The issue's goal is ≤ 120 KiB brotli and its hard line 150 KiB: this test fails above that line (CEILING; it
// was a ratchet lowered each time the app shrank while we were above it, see README "Benchmarks"). The link pages
// keep ratchets of their own. The breakdown is printed on every run, pass or fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, DEMO_NOW, waitForStationList } from './harness.mjs';
import { fileReport } from './fixtures.mjs';

/** The issue's goal and hard limit, printed beside the figure. */
const GOAL = 120 * 1024;
const ISSUE_LIMIT = 150 * 1024;
/** The issue's hard line, reached on 2026-11-30 (149.9 KiB). Before, the ceiling followed the measured first load
 * (244.1 KiB on 2026-11-29: station page, settings, index fallback and
 * outbox sender split off; the page shown when a page's code cannot be fetched; each page's chunk list in
 * index.html; the JS glue and split loader minified; requests built without gloo-net's builder; the app's own
 * router instead of leptos_router, requests without gloo-net, one closure type for every text, ASCII case only;
 * 226.3 KiB on 2026-11-29 after core::decimal, core::rank and core::sta::decode; 198.5 KiB later that day with
 * config and kept copies read by the same Value walk, short import names, the style sheet minified, no std
 * HashMap; 191.1 KiB on 2026-11-30 with JSON text parsed by the browser's JSON.parse instead of serde_json's parser,
 * 189.0 KiB with core's own sine and cosine, 188.6 KiB without the glue's stream classes; 171.2 KiB with the
 * release wasm's own std, whose panics are bare traps — scripts/lib.sh, cargo_release_wasm; 162.6 KiB on
 * 2026-11-30 with near-twin functions merged by wasm-opt and the configuration and the station's data held in
 * plain signals instead of Leptos resources, whose async machinery left the first download; 161.8 KiB with the
 * page's inline script minified; 160.8 KiB with kept copies' floats written by the browser instead of serde_json's
 * float printer; 158.3 KiB with the lazy pages' texts fetched with their code, src/i18n/page_texts.rs; 157.2 KiB with
 * the first view's `<Show>`s as memo-guarded closures; 155.1 KiB with the kept copies of stations written by hand,
 * core::sta::encode, instead of serde's derived impls; 151.8 KiB once wasm-streams' exports were no longer linked,
 * scripts/wasm-ld-no-streams.sh; 149.9 KiB with the lazy pages' rules in style/page-*.css, fetched with their code,
 * 8-digit content hashes in file names, and the glue's never-shown warnings trimmed; 148.2 KiB once the station
 * page's answer was read in its chunk, 147.3 KiB with pages shown through `OwnedView` instead of `Suspend`, 145.9 KiB with every effect's closure
 * boxed, src/reactive.rs; 141.9 KiB on 2026-11-30 with fewer distinct types in Leptos' arena — one signal per
 * page state, the kept list moving its stations instead of cloning them —, 136.1 KiB with the first view's
 * reactive attributes, texts and lists each of one value type and the icons drawn from markup, 133.3 KiB with
 * props as shared closures and memos instead of Signal and Callback types; 124.5 KiB on 2026-11-30 with JSON
 * objects as member lists (core::json) instead of BTreeMaps, one non-generic list reader, the first view's
 * attributes as custom attributes and its closures in the view macro's own closure type, two wasm-opt
 * assumptions and LLVM's inline threshold at 25, strings built in place instead of joined; 118.7 KiB — under the
 * issue's goal — on 2026-11-30 with std's substring search left, the glue of the imports only chunks call fetched
 * with them, kept stations stored as the server wrote them, the pages' file lists named by the split loader, and
 * the browser plumbing of lite mode's byte count, the position, link clicks, the host, the base path, the service
 * worker and read-aloud in index.html's boot script). */
const CEILING = ISSUE_LIMIT;
/** The same ratchet for the two pages residents open from a link, whose first view is data: a station (shared in a
 * chat, printed as a QR code at the river) and a report's page (the link a resident keeps after filing). Each is
 * the first load plus the page's chunks. Station: 216.8 KiB on 2026-11-30 once the trend chart stopped using
 * `f64`'s own Display (the standard float printer was an 8.8 KiB chunk), 198.7 KiB with the release wasm's own std,
 * 189.3 KiB with its data in a plain signal (no resource machinery). A report's page: 196.4 KiB once its answers
 * were read by core's rules instead of serde's typed reader (whose error text brought the float printer, a 12 KiB
 * chunk), 193.9 KiB once the first download lost the resource machinery, 187.4 KiB once the page fetched without
 * `LocalResource` (api/fetched.rs). Both count their page's texts file since those left the main module (station
 * 187.0 KiB, a report's page 187.8 KiB; 185.4 and 186.9 KiB without `<Show>` in the first view; 179.9 and 183.2 KiB
 * with the first download's two cuts above; 178.9 and 183.1 KiB with the pages' rules in style/page-*.css; 177.3 and 178.3 KiB with the station's answer read in its chunk,
 * no `Suspend` and boxed effects; 171.4 and 167.5 KiB with session 16's cuts of the first download; 164.3 and
 * 160.5 KiB with session 17's; 160.3 and 155.8 KiB with session 18's). Plus a little room for fixes. */
const LINK_CEILINGS = { station: 164 * 1024, request: 160 * 1024 };

const e2e = useServerAndBrowser();

/** Logs every request of a fresh context (no service worker, so each is seen on the wire). */
async function loggedVisit() {
  const context = await e2e.browser.newContext({ baseURL: e2e.server.url, locale: 'zh-CN', serviceWorkers: 'block' });
  await context.grantPermissions(['geolocation'], { origin: e2e.server.url });
  await context.setGeolocation({ latitude: 29.5576, longitude: 106.577, accuracy: 20 });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(DEMO_NOW));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const requests = new Map();
  cdp.on('Network.requestWillBeSent', (e) =>
    requests.set(e.requestId, { url: e.request.url, type: e.type, sentAt: e.timestamp }),
  );
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId);
    if (!r) return;
    r.status = e.response.status;
    r.fromCache = e.response.fromDiskCache || e.response.fromPrefetchCache || false;
    r.encoding = e.response.headers['content-encoding'] ?? 'identity';
    r.headerBytes = e.response.encodedDataLength;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.finishedAt = e.timestamp;
    if (r) r.bodyBytes = e.encodedDataLength - (r.headerBytes ?? 0);
  });
  return { context, page, requests };
}

/** The app's own code, styles and texts: the document, scripts, stylesheets, wasm and the lazy pages' texts
 * (src/i18n/page_texts.rs) — not data, icons or fonts. */
function isAppAsset(r) {
  const path = new URL(r.url).pathname;
  return r.type === 'Document' || /\.(js|css|wasm)$/.test(path) || /\/page-texts-[a-z]+-[0-9a-f]+\.json$/.test(path);
}

test('first load of the nearby view stays under the size ceiling (brotli as served), without lazy page chunks', async () => {
  const { context, page, requests } = await loggedVisit();
  try {
    await page.goto('/');
    await waitForStationList(page);
    await page.waitForTimeout(1000);
    const rows = [...requests.values()].filter(isAppAsset);
    assert.ok(rows.every((r) => r.bodyBytes != null && r.status === 200), `an app file did not load: ${JSON.stringify(rows)}`);
    const total = rows.reduce((sum, r) => sum + r.bodyBytes, 0);
    const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
    const text = [
      `first load: ${kib(total)} (ceiling ${kib(CEILING)}; issue goal ${kib(GOAL)}, issue limit ${kib(ISSUE_LIMIT)})`,
      ...rows.map((r) => `  ${kib(r.bodyBytes).padStart(10)}  ${r.encoding.padEnd(8)} ${new URL(r.url).pathname}`),
    ].join('\n');
    console.log(`# ${text.replaceAll('\n', '\n# ')}`);

    assert.ok(rows.some((r) => /qingshui_bg-[0-9a-f]+\.wasm$/.test(r.url)), 'the main wasm was not loaded');
    const wasm = rows.filter((r) => r.url.endsWith('.wasm'));
    assert.ok(wasm.every((r) => r.encoding === 'br'), `wasm not served with brotli:\n${text}`);
    // Nor the glue of the imports only chunks call (scripts/lazy-glue.mjs).
    const chunks = rows.filter((r) => /\/((split_|chunk_)[^/]*\.wasm|qingshui-lazy-[^/]*\.js)$/.test(r.url));
    assert.deepEqual(chunks.map((r) => r.url), [], 'the nearby view loaded lazy page chunks');
    assert.ok(total <= CEILING, `first load over the ceiling\n${text}`);
  } finally {
    await context.close();
  }
});

test("a station link's and a report's page's first download stay under their ceilings (the app, the page's chunks)", async () => {
  const requestId = await fileReport(e2e.server.url, { lat: 29.5576, lon: 106.577 });
  for (const [section, path, ready] of [
    ['station', '/station/1', '#main h1'],
    ['request', `/request/${requestId}`, '#main h1'],
  ]) {
    const { context, page, requests } = await loggedVisit();
    try {
      await page.goto(path);
      await page.locator(ready).first().waitFor({ timeout: 30_000 });
      await page.waitForLoadState('networkidle');
      const rows = [...requests.values()].filter(isAppAsset);
      assert.ok(rows.every((r) => r.bodyBytes != null && r.status === 200), `${path}: an app file did not load: ${JSON.stringify(rows)}`);
      const own = new RegExp(`/split_page_${section}-[0-9a-f]+\\.wasm$`);
      assert.ok(rows.some((r) => own.test(r.url)), `${path}: the page's chunk was not loaded`);
      const total = rows.reduce((sum, r) => sum + r.bodyBytes, 0);
      const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
      const text = [
        `${path}: ${kib(total)} (ceiling ${kib(LINK_CEILINGS[section])})`,
        ...rows.map((r) => `  ${kib(r.bodyBytes).padStart(10)}  ${r.encoding.padEnd(8)} ${new URL(r.url).pathname}`),
      ].join('\n');
      console.log(`# ${text.replaceAll('\n', '\n# ')}`);
      assert.ok(total <= LINK_CEILINGS[section], `${path}: over the ceiling\n${text}`);
    } finally {
      await context.close();
    }
  }
});

test('a lazy page loads its chunk when first opened, and works', async () => {
  const { context, page, requests } = await loggedVisit();
  try {
    await page.goto('/');
    await waitForStationList(page);
    await page.getByTestId('report-link').click();
    await page.waitForURL('**/report');
    await page.getByTestId('report-form').waitFor({ timeout: 30_000 });
    const chunks = [...requests.values()].filter((r) => /\/split_page_report-[0-9a-f]+\.wasm$/.test(r.url));
    assert.equal(chunks.length, 1, 'the report page chunk was not fetched exactly once');
    assert.equal(chunks[0].status, 200);
  } finally {
    await context.close();
  }
});

test("a lazy page opened directly fetches its code beside the app's module, each file once", async () => {
  for (const [path, own, ready] of [
    ['/station/1', /\/split_page_station-[0-9a-f]+\.wasm$/, '#main h1'],
    ['/report', /\/split_page_report-[0-9a-f]+\.wasm$/, '[data-testid="report-form"]'],
  ]) {
    const { context, page, requests } = await loggedVisit();
    try {
      await page.goto(path);
      await page.locator(ready).first().waitFor({ timeout: 30_000 });
      await page.waitForLoadState('networkidle');
      const wasm = [...requests.values()].filter((r) => /\.(wasm|js)$/.test(new URL(r.url).pathname));
      // index.html preloads the page's chunks (the split loader names them) and imports the glue's lazy part, and the
      // loader fetches them: never twice over the network.
      const onWire = wasm.filter((r) => !r.fromCache).map((r) => r.url);
      const twice = onWire.filter((u, i) => onWire.indexOf(u) !== i);
      assert.deepEqual(twice, [], `${path}: downloaded twice`);
      const mine = wasm.filter((r) => own.test(r.url));
      assert.ok(mine.length >= 1 && mine.filter((r) => !r.fromCache).length === 1, `${path}: the chunk was not downloaded once`);
      assert.equal(
        wasm.filter((r) => /\/qingshui-lazy-[0-9a-f]+\.js$/.test(r.url) && !r.fromCache).length, 1,
        `${path}: the glue's lazy part was not downloaded once`,
      );
      // …and every chunk came from index.html's preloads, not from the app once it ran.
      const fromApp = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .filter((e) => /\/(split_|chunk_)[^/]*\.wasm$/.test(e.name) && e.initiatorType !== 'link')
          .map((e) => `${e.name} (${e.initiatorType})`),
      );
      assert.deepEqual(fromApp, [], `${path}: chunks fetched only once the app ran`);
    } finally {
      await context.close();
    }
  }
});
