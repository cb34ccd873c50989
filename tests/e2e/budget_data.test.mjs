// Data budgets (issue #6): what a resident's phone downloads in data — every fetch/XHR the page makes, i.e. the
// runtime config and the SensorThings answers, not the app's HTML/JS/CSS/wasm (the first-load test owns
// those) — compressed as the server sends them to this browser (its own Accept-Encoding), on the
// 17,000-station demo city: the nearby view at a fixed position ≤ 8 KiB, the station page ≤ 12 KiB.
// Bytes are the response bodies as received (Chromium's encoded length minus the header bytes), read from
// the DevTools protocol's network log; a failure prints each request. Service workers are blocked so that
// every request shows in the page's own log (the worker only relays them; the bytes are the same).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, DEMO_NOW, waitForStationList } from './harness.mjs';
import { fileReport } from './fixtures.mjs';

/** Jiefangbei, Yuzhong district: the densest part of the demo city (the largest nearby answers). */
const YUZHONG = { lat: 29.5576, lon: 106.577 };
const NEARBY_BUDGET = 8 * 1024;
const STATION_BUDGET = 12 * 1024;

const e2e = useServerAndBrowser();

/** A new context on the server with the clock pinned and a network log of its fetch/XHR requests. */
async function loggedPage() {
  const context = await e2e.browser.newContext({
    baseURL: e2e.server.url,
    locale: 'zh-CN',
    serviceWorkers: 'block',
  });
  await context.grantPermissions(['geolocation'], { origin: e2e.server.url });
  await context.setGeolocation({ latitude: YUZHONG.lat, longitude: YUZHONG.lon, accuracy: 20 });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(DEMO_NOW));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const requests = new Map();
  cdp.on('Network.requestWillBeSent', (e) => {
    requests.set(e.requestId, { url: e.request.url, type: e.type, initiator: e.initiator.type });
  });
  // The headers as the network stack sent them (Accept-Encoding is added there, not by the page).
  // It may arrive before requestWillBeSent, so it is kept apart and joined when read.
  const acceptEncoding = new Map();
  cdp.on('Network.requestWillBeSentExtraInfo', (e) => {
    const h = Object.fromEntries(Object.entries(e.headers).map(([k, v]) => [k.toLowerCase(), v]));
    acceptEncoding.set(e.requestId, h['accept-encoding']);
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId);
    if (!r) return;
    r.type = e.type;
    r.mimeType = e.response.mimeType;
    r.status = e.response.status;
    r.encoding = e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? 'identity';
    r.headerBytes = e.response.encodedDataLength;
    r.fromCache = e.response.fromDiskCache || e.response.fromServiceWorker || e.response.fromPrefetchCache;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.finished = e.encodedDataLength;
  });
  /**
   * The data requests so far: JSON fetched by the page (not the wasm it also fetches), with their body bytes.
   * A preload (index.html's of config.json, the server's Link hint of a station's data) shows as "Other".
   */
  const data = () =>
    [...requests.entries()]
      .filter(([, r]) => ['Fetch', 'XHR', 'Other'].includes(r.type) && /json/.test(r.mimeType ?? '') && r.finished != null)
      .map(([id, r]) => ({ ...r, acceptEncoding: acceptEncoding.get(id), bodyBytes: r.finished - (r.headerBytes ?? 0) }));
  /** URLs of every request so far, finished or not. */
  data.pending = () => [...requests.values()].map((r) => r.url);
  /** Every request so far, finished or not, with who started it (CDP's initiator type). */
  data.all = () => [...requests.values()];
  /** Forgets what was logged so far (to measure one navigation on its own). */
  const reset = () => requests.clear();
  return { context, page, data, reset };
}

/** Waits until no data request has finished for `quietMs` (the page has stopped fetching). */
async function settle(data, quietMs = 1500, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let since = Date.now();
  while (Date.now() < deadline) {
    const n = data().length;
    if (n !== last) {
      last = n;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

function breakdown(label, rows, budget) {
  const total = rows.reduce((a, r) => a + r.bodyBytes, 0);
  const lines = rows.map(
    (r) =>
      `  ${String(r.bodyBytes).padStart(6)} B  ${r.encoding.padEnd(8)} ${r.status} ${r.type.padEnd(5)} ${decodeURIComponent(new URL(r.url).pathname + new URL(r.url).search).slice(0, 160)}`,
  );
  return { total, text: `${label}: ${total} B of ${budget} B (Accept-Encoding ${rows[0]?.acceptEncoding ?? '?'})\n${lines.join('\n')}` };
}

/**
 * Opens the nearby view the way a resident who has allowed location gets it: the app locates by itself on
 * load (tapping "use my location" as well would start a second, identical query); only if no query has
 * started within 15 s is the button tapped.
 */
async function openNearby(page, data) {
  await page.goto('/');
  const deadline = Date.now() + 15_000;
  const started = () => data.pending().some((u) => u.includes('/v1.1/Things'));
  while (!started() && Date.now() < deadline) await page.waitForTimeout(100);
  if (!started()) await page.getByTestId('locate-button').click();
  return waitForStationList(page);
}

test('data budgets: nearby view ≤ 8 KiB, station page ≤ 12 KiB (compressed, as this browser gets them)', async () => {
  const { context, page, data, reset } = await loggedPage();
  try {
    const [first] = await openNearby(page, data);
    await settle(data);
    const nearby = data();
    assert.ok(nearby.some((r) => r.url.includes('/v1.1/Things')), 'the nearby view made no SensorThings request');
    assert.ok(nearby.every((r) => r.status === 200), `a data request failed: ${JSON.stringify(nearby)}`);
    const n = breakdown('nearby view', nearby, NEARBY_BUDGET);
    console.log(`# ${n.text.replaceAll('\n', '\n# ')}`);

    reset();
    const card = page.locator(`[data-testid="station-list"] li[data-station-id="${first.id}"]`);
    const link = card.locator('a').first();
    await ((await link.count()) > 0 ? link : card).click();
    await page.waitForURL(`**/station/${first.id}`, { timeout: 30_000 });
    await page.getByTestId('param-row').first().waitFor({ timeout: 30_000 });
    await settle(data);
    const station = data();
    assert.ok(
      station.some((r) => r.url.includes(`/v1.1/Things(${first.id})`)),
      `the station page made no request for Things(${first.id}): ${JSON.stringify(station)}`,
    );
    assert.ok(station.every((r) => r.status === 200), `a data request failed: ${JSON.stringify(station)}`);
    const s = breakdown(`station page (Thing ${first.id})`, station, STATION_BUDGET);
    console.log(`# ${s.text.replaceAll('\n', '\n# ')}`);

    assert.ok(n.total <= NEARBY_BUDGET, `nearby data over budget\n${n.text}`);
    assert.ok(s.total <= STATION_BUDGET, `station page data over budget\n${s.text}`);
  } finally {
    await context.close();
  }
});

test('data budget: the station page opened from its address (a shared link) ≤ 12 KiB', async () => {
  const { context, page, data } = await loggedPage();
  try {
    const [first] = await openNearby(page, data);
    await context.close();

    const fresh = await loggedPage();
    try {
      await fresh.page.goto(`/station/${first.id}`);
      await fresh.page.getByTestId('param-row').first().waitFor({ timeout: 30_000 });
      await settle(fresh.data);
      const rows = fresh.data();
      assert.ok(rows.some((r) => r.url.includes(`/v1.1/Things(${first.id})`)), `no request for Things(${first.id})`);
      // The server names the station's request in the page's Link header (server/src/page_hints.rs): the
      // browser fetches it beside the app's code, and the app's own fetch takes that answer over.
      const asked = fresh.data.all().filter((r) => r.url.includes(`/v1.1/Things(${first.id})`));
      console.log(`# station data requests: ${JSON.stringify(asked.map((r) => [r.initiator, r.type]))}`);
      assert.equal(asked.length, 1, `the station's data was downloaded ${asked.length} times:\n${asked.map((r) => r.url).join('\n')}`);
      assert.notEqual(asked[0].initiator, 'script', 'the station\'s data was asked for by the app, not beside the page');
      assert.ok(rows.every((r) => r.status === 200), `a data request failed: ${JSON.stringify(rows)}`);
      const s = breakdown(`station page opened directly (Thing ${first.id})`, rows, STATION_BUDGET);
      console.log(`# ${s.text.replaceAll('\n', '\n# ')}`);
      assert.ok(s.total <= STATION_BUDGET, `station page data over budget\n${s.text}`);
    } finally {
      await fresh.context.close();
    }
  } finally {
    await context.close().catch(() => {});
  }
});

test('a report\'s page opened from its address gets its status beside the page, once', async () => {
  const id = await fileReport(e2e.server.url, YUZHONG, 'Budget test: oil film on the water by the pier.');
  const { context, page, data } = await loggedPage();
  try {
    await page.goto(`/request/${id}`);
    await page.getByTestId('request-title').waitFor({ timeout: 30_000 });
    await settle(data);
    // The server names the report's request in the page's Link header, in the language the app picks from the
    // browser's first preference (zh-CN here): the app's own fetch takes that answer over.
    const asked = data.all().filter((r) => r.url.includes(`/open311/v2/requests/${id}.json`));
    console.log(`# report status requests: ${JSON.stringify(asked.map((r) => [r.initiator, r.type, r.url]))}`);
    assert.equal(asked.length, 1, `the report's status was downloaded ${asked.length} times:\n${asked.map((r) => r.url).join('\n')}`);
    assert.ok(asked[0].url.endsWith('locale=zh-CN'), asked[0].url);
    assert.notEqual(asked[0].initiator, 'script', 'the report\'s status was asked for by the app, not beside the page');
    assert.equal(asked[0].status, 200);
  } finally {
    await context.close();
  }
});
