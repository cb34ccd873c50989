// Every request has a deadline and belongs to the page that asked: leaving the page aborts what it still waits
// for (so a slow answer neither holds one of the phone's few connections nor lands on the next page), and a
// request that never answers ends in a message with a retry button, never in an endless spinner. The network is
// held by a route handler; aborts are seen both in the page (the fetch's signal) and by Playwright.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, allStations, DEMO_NOW } from './harness.mjs';

/** Dadukou, away from the other tests' positions. */
const PHONE = { lat: 29.4846, lon: 106.4825 };
/** The client's deadline for a GET (api.rs TIMEOUT_MS). */
const DEADLINE_MS = 15_000;

const e2e = useServerAndBrowser();

/** Records, in the page, every fetch whose signal is aborted, with the time since it started. */
const WATCH_ABORTS = () => {
  window.__aborted = [];
  const original = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : input.url;
    const signal = init?.signal ?? (typeof input === 'string' ? null : input.signal);
    const started = performance.now();
    signal?.addEventListener('abort', () => window.__aborted.push({ url, afterMs: performance.now() - started }));
    return original.apply(this, arguments);
  };
};

/** Holds every request matching `match` until `release()`; counts them. */
async function hold(page, match) {
  const held = [];
  await page.route(match, (route) => {
    held.push(route);
  });
  return {
    get count() {
      return held.length;
    },
    async release() {
      await page.unroute(match);
      for (const r of held) await r.continue().catch(() => {});
    },
  };
}

/** A phone without the service worker: its requests would bypass the page's route handlers. */
async function phone() {
  const context = await e2e.browser.newContext({ baseURL: e2e.server.url, locale: 'en', serviceWorkers: 'block' });
  await context.grantPermissions(['geolocation'], { origin: e2e.server.url });
  await context.setGeolocation({ latitude: PHONE.lat, longitude: PHONE.lon, accuracy: 20 });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(DEMO_NOW));
  await page.addInitScript(WATCH_ABORTS);
  const errors = [];
  const failed = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('requestfailed', (r) => failed.push({ url: r.url(), why: r.failure()?.errorText ?? '' }));
  return { page, context, errors, failed };
}

const isStation = (id) => (url) => url.pathname.endsWith(`/v1.1/Things(${id})`);
const isNearby = (url) => url.pathname.endsWith('/v1.1/Things') && url.searchParams.get('$filter')?.startsWith('st_within');

test('leaving a page aborts its requests in flight (station page and nearby list)', async () => {
  const [station] = await allStations(e2e.server);
  const { page, context, errors, failed } = await phone();
  try {
    // Station page: its request is held, the resident goes to the report page meanwhile.
    const held = await hold(page, isStation(station.id));
    await page.goto(`/station/${station.id}`);
    await page.waitForFunction(() => document.querySelector('main') !== null);
    for (let i = 0; i < 100 && held.count === 0; i++) await page.waitForTimeout(100);
    assert.equal(held.count, 1, 'the station request was not made');
    await page.getByTestId('report-link').click();
    await page.getByTestId('report-form').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => window.__aborted.some((a) => a.url.includes('/Things(')), null, { timeout: 5_000 });
    const aborted = await page.evaluate(() => window.__aborted);
    const stationAbort = aborted.find((a) => a.url.includes('/Things('));
    console.log(`# station request aborted after ${Math.round(stationAbort.afterMs)} ms: ${JSON.stringify(aborted)}`);
    assert.ok(stationAbort.afterMs < DEADLINE_MS, `aborted only by the deadline (${stationAbort.afterMs} ms)`);
    await held.release();

    // Nearby list: the position query is held, the resident opens My reports.
    const nearby = await hold(page, isNearby);
    await page.goto('/');
    await page.getByTestId('locate-button').click();
    for (let i = 0; i < 100 && nearby.count === 0; i++) await page.waitForTimeout(100);
    assert.ok(nearby.count >= 1, 'the nearby request was not made');
    await page.getByTestId('my-reports-link').click();
    await page.waitForFunction(() => window.__aborted.some((a) => a.url.includes('st_within')), null, { timeout: 5_000 });
    await nearby.release();
    // Playwright saw them fail as aborted, too.
    await page.waitForTimeout(300);
    const seen = failed.filter((f) => /ABORTED|cancel/i.test(f.why)).map((f) => new URL(f.url).pathname);
    assert.ok(seen.length >= 2, `requestfailed saw ${JSON.stringify(failed)}`);
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    await context.close();
  }
});

test('a request that never answers ends in a message with a retry button, and the retry works', async () => {
  const [, station] = await allStations(e2e.server);
  const { page, context, errors } = await phone();
  try {
    const held = await hold(page, isStation(station.id));
    const started = Date.now();
    await page.goto(`/station/${station.id}`);
    const status = page.locator('[role="status"]').filter({ hasText: 'took too long' });
    await status.waitFor({ timeout: DEADLINE_MS + 15_000 });
    const took = Date.now() - started;
    assert.ok(took >= DEADLINE_MS - 1_000, `gave up after ${took} ms, before the deadline`);
    const retry = page.getByRole('button', { name: /try again|retry/i });
    assert.equal(await retry.count(), 1, 'no retry button next to the failure');
    // The network is back: the retry shows the station.
    await held.release();
    await retry.click();
    await page.getByTestId('station-title').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByRole('button', { name: /try again|retry/i }).count(), 0, 'the failure is still shown');
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    await context.close();
  }
});
