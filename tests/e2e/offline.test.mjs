// "Fast, even before the wasm arrives", and useful without a network: the static shell in index.html, the
// installable manifest, the last lists kept on the phone (localStorage) and the service worker's offline shell.
// Only the position and the clock are mocked; "offline" is the browser's own offline mode, and at the end
// the server is stopped so that nothing but the service worker can answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, waitForStationList, waitForOfflineReady, waitForCached, DEMO_NOW } from './harness.mjs';

const YUZHONG = { lat: 29.5576, lon: 106.577 };
const LIST = '[data-testid="station-list"]';
// Screenshots for people to look at, only when asked for: QINGSHUI_E2E_SHOTS=dir.
const SHOTS = process.env.QINGSHUI_E2E_SHOTS;

let server;
let serverStopped = false;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  if (!serverStopped) await server?.stop();
});

/** A context like harness.openPage's, with the extra options these tests need (service workers, no JS). */
async function open({ locale = 'zh-CN', position = YUZHONG, width = 390, height = 844, ...options } = {}) {
  const context = await browser.newContext({ baseURL: server.url, locale, viewport: { width, height }, ...options });
  if (position) {
    await context.grantPermissions(['geolocation'], { origin: server.url });
    await context.setGeolocation({ latitude: position.lat, longitude: position.lon, accuracy: 20 });
  }
  const page = await newPage(context, { clock: options.javaScriptEnabled !== false });
  return { context, page };
}

async function newPage(context, { clock = true } = {}) {
  const page = await context.newPage();
  if (clock) await page.clock.setFixedTime(new Date(DEMO_NOW));
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  return page;
}

async function shot(page, name) {
  if (!SHOTS) return;
  for (const width of [390, 320]) {
    await page.setViewportSize({ width, height: 844 });
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 390, height: 844 });
}

const ids = (list) => list.map((s) => s.id);
const status = async (page) => (await page.getByTestId('nearby-status').textContent()).trim();
const kept = (page) => page.locator(LIST).getAttribute('data-kept');

/** Waits until the list shows a kept copy (`data-kept` = why) and returns its ids. */
async function keptList(page, why) {
  await page.locator(`${LIST}[data-kept="${why}"] li[data-station-id]`).first().waitFor({ timeout: 30_000 });
  return page.$$eval(`${LIST} li[data-station-id]`, (items) => items.map((li) => li.getAttribute('data-station-id')));
}

/** Online visit: the located list, then the first station's page and back; both are kept on the phone. */
async function visitOnline(page) {
  await page.goto('/');
  const list = await waitForStationList(page);
  assert.ok(list.length > 0, 'no stations near Yuzhong');
  await page.locator(`${LIST} li[data-station-id="${list[0].id}"] a`).first().click();
  await page.waitForURL(`**/station/${list[0].id}`);
  await page.getByTestId('station-title').waitFor({ timeout: 30_000 });
  const title = (await page.getByTestId('station-title').textContent()).trim();
  await page.waitForFunction(() => localStorage.getItem('qingshui.last_stations') !== null);
  assert.equal(await page.getByTestId('kept-note').count(), 0, 'a fresh station page claims to be a kept copy');
  return { list: ids(list), station: list[0].id, title };
}

test('the raw index.html carries the bilingual shell, the noscript hotline and the manifest', async () => {
  const res = await fetch(`${server.url}/`);
  const html = await res.text();
  for (const text of ['正在加载水质', 'Loading water status', '<noscript>', '12345', 'WebAssembly', 'rel="manifest"']) {
    assert.ok(html.includes(text), `index.html lacks ${text}`);
  }
  assert.match(html, /<style>[^<]*\.header\{/, 'no inline critical CSS for the header');
  // The inline style is allowed by its hash, never by 'unsafe-inline'.
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /style-src 'self'( 'sha256-[^']+')+/);
  assert.ok(!csp.includes('unsafe-inline'));

  const manifest = await (await fetch(`${server.url}/manifest.webmanifest`)).json();
  assert.equal(manifest.name, '清水 Qingshui');
  assert.equal(manifest.start_url, '/');
  assert.equal(manifest.display, 'standalone');
  assert.ok(manifest.description.includes('水质') && manifest.description.includes('Water quality'));
  for (const [size, purpose] of [[192, 'any'], [512, 'any'], [192, 'maskable'], [512, 'maskable']]) {
    const icon = manifest.icons.find((i) => i.sizes === `${size}x${size}` && i.purpose === purpose);
    assert.ok(icon, `no ${purpose} ${size} icon`);
    const png = Buffer.from(await (await fetch(new URL(icon.src, server.url))).arrayBuffer());
    assert.equal(png.subarray(1, 4).toString(), 'PNG', `${icon.src} is not a PNG`);
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [size, size], `${icon.src} has the wrong size`);
  }

  // The service worker precaches exactly the files this index.html loads.
  const sw = await (await fetch(`${server.url}/sw.js`)).text();
  assert.ok(!sw.includes('__QINGSHUI_'), 'sw.js placeholders were not replaced by the build');
  const hashed = html.match(/\/(qingshui-[0-9a-f]+\.js|qingshui_bg-[0-9a-f]+\.wasm|main-[0-9a-f]+\.css)/g);
  assert.equal(new Set(hashed).size, 3, `index.html should name the hashed js, wasm and css: ${hashed}`);
  for (const name of hashed) assert.ok(sw.includes(`'${name}'`), `sw.js does not precache ${name}`);
});

test('with JavaScript off the shell shows the noscript text in both languages, not "loading"', async () => {
  const { context, page } = await open({ javaScriptEnabled: false, position: null });
  try {
    await page.goto('/');
    // Playwright's text locators skip <noscript>, so read what the page shows.
    const shown = await page.locator('body').innerText();
    for (const text of ['清水需要启用 JavaScript', 'Qingshui needs JavaScript', '12345']) {
      assert.ok(shown.includes(text), `without JavaScript the page does not show ${text}: ${shown}`);
    }
    assert.ok(!(await page.locator('#boot-loading').isVisible()), 'the shell still says "loading" without JavaScript');
    assert.ok(await page.locator('.header').isVisible());
    await shot(page, 'shell-nojs');
  } finally {
    await context.close();
  }
});

test('without WebAssembly, or when the wasm cannot be loaded, the shell says so instead of staying blank', async () => {
  const { context, page } = await open({ position: null });
  try {
    // A browser without WebAssembly (iOS Lockdown Mode, some locked-down web-views).
    await page.addInitScript(() => {
      delete globalThis.WebAssembly;
    });
    await page.goto('/');
    await page.locator('#boot-nowasm').waitFor({ timeout: 10_000 });
    const text = await page.locator('#boot-nowasm').innerText();
    assert.ok(text.includes('WebAssembly') && text.includes('12345') && text.includes('up-to-date browser'), text);
    assert.ok(!(await page.locator('#boot-loading').isVisible()));
  } finally {
    await context.close();
  }
  const second = await open({ position: null });
  try {
    // The network drops the wasm half-way (simulated by aborting just that request).
    await second.page.route(/\.wasm$/, (route) => route.abort('connectionreset'));
    await second.page.goto('/');
    await second.page.locator('#boot-failed').waitFor({ timeout: 10_000 });
    const text = await second.page.locator('#boot-failed').innerText();
    assert.ok(text.includes('未能加载') && text.includes('could not load'), text);
  } finally {
    await second.context.close();
  }
});

test('service workers blocked: the kept list and station page show offline, and the list on the next visit', async () => {
  const { context, page } = await open({ locale: 'en', serviceWorkers: 'block' });
  try {
    const seen = await visitOnline(page);
    assert.equal(await page.evaluate(() => navigator.serviceWorker?.controller ?? null), null);

    await context.setOffline(true);
    // The station page again, from the phone's copy (in-app navigation: without a worker a reload cannot work).
    await page.goBack();
    await page.waitForURL('**/');
    assert.deepEqual(await keptList(page, 'offline'), seen.list, 'offline, the list is not the kept one');
    const note = await status(page);
    assert.match(note, /^Offline — showing data from .+\(just now\): \d+ stations near you\.$/, note);
    await shot(page, 'offline-list-en');

    await page.locator(`${LIST} li[data-station-id="${seen.station}"] a`).first().click();
    await page.getByTestId('kept-note').waitFor({ timeout: 30_000 });
    assert.match((await page.getByTestId('kept-note').textContent()).trim(), /^Offline — showing data from .+\(just now\)\.$/);
    assert.equal((await page.getByTestId('station-title').textContent()).trim(), seen.title);
    assert.ok((await page.getByTestId('param-row').count()) > 0, 'the kept station page has no readings');
    await shot(page, 'offline-station-en');

    // Back online: the list refreshes by itself and stops saying it is a kept copy.
    await page.goBack();
    await keptList(page, 'offline');
    await context.setOffline(false);
    await page.locator(`${LIST}:not([data-kept]) li[data-station-id]`).first().waitFor({ timeout: 30_000 });
    assert.deepEqual(ids(await waitForStationList(page)), seen.list);

    // The next visit, before any new answer: without location permission nothing is asked, and the kept list
    // is on screen at once with its time.
    await context.clearPermissions();
    const next = await newPage(context);
    await next.goto('/');
    assert.deepEqual(await keptList(next, 'earlier'), seen.list);
    assert.match(await status(next), /^\d+ stations near you\. Last updated .+\.$/);
    assert.deepEqual([...page.errors, ...next.errors], [], 'the pages threw');
  } finally {
    await context.close();
  }
});

/** The paths of every file in the page's service-worker caches. */
const cachedPaths = (page) =>
  page.evaluate(async () => {
    const paths = [];
    for (const name of await caches.keys()) {
      for (const r of await (await caches.open(name)).keys()) paths.push(new URL(r.url).pathname);
    }
    return paths;
  });

test('lite mode: the worker stores only the first view up front, and keeps the pages the resident opens', async () => {
  for (const lite of [false, true]) {
    const { context, page } = await open({ locale: 'en' });
    try {
      await page.goto(lite ? '/?lite=1' : '/');
      await waitForStationList(page);
      await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', null, {
        timeout: 60_000,
      });
      // One worker for both modes: a mode never replaces it (navigations during a replacement were seen to hang).
      const script = await page.evaluate(() => navigator.serviceWorker.controller.scriptURL);
      assert.equal(new URL(script).pathname + new URL(script).search, '/sw.js', script);
      const before = await cachedPaths(page);
      assert.ok(before.some((p) => /\/qingshui_bg-[0-9a-f]+\.wasm$/.test(p)), `the main wasm is not stored: ${before}`);
      const reportChunk = (paths) => paths.some((p) => /\/split_page_report-[0-9a-f]+\.wasm$/.test(p));
      if (!lite) {
        // Standard mode asks the worker for every page's code at once (offline reporting without a first visit online).
        await waitForCached(page, /\/split_page_report-[0-9a-f]+\.wasm$/);
      } else {
        assert.equal(reportChunk(before), false, 'report chunk stored up front in lite mode');
        // A page opened in lite mode is kept as it is fetched, so it opens offline next time.
        await page.getByTestId('settings-link').click();
        await page.getByTestId('setting-lite').waitFor();
        await waitForCached(page, /\/split_page_settings-/, { timeout: 10_000 });
        assert.equal(reportChunk(await cachedPaths(page)), false, 'the report chunk was stored without being opened');
      }
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  }
});

test('a page whose code never reached the phone says so offline, in place of the page; the app keeps working', async () => {
  // No service worker, as in many web-views: each page's code comes from the network when first opened.
  const { context, page } = await open({ locale: 'zh-CN', serviceWorkers: 'block' });
  try {
    await page.goto('/');
    await waitForStationList(page);
    await context.setOffline(true);
    await page.getByTestId('report-link').click();
    const unloaded = page.getByTestId('page-unloaded');
    await unloaded.waitFor({ timeout: 30_000 });
    assert.equal((await unloaded.locator('h1').textContent()).trim(), '页面没有打开');
    assert.match(await unloaded.getByRole('status').textContent(), /还没有保存在手机上.*联网/);
    await shot(page, 'page-unloaded-zh');
    // "Try again" while still offline says so instead of reloading into the browser's error page.
    await unloaded.getByRole('button').click();
    await page.waitForFunction(() => /没有联网/.test(document.querySelector('[data-testid="page-unloaded"] [role="status"]')?.textContent));
    // The app is alive: home shows the list it kept.
    await unloaded.getByRole('link').click();
    await waitForStationList(page);
    // Online again, the same link loads the page's code this time (a failed load is not remembered).
    await context.setOffline(false);
    await page.getByTestId('report-link').click();
    await page.locator('li[data-service-code]').first().waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('page-unloaded').count(), 0);
    // And "Try again" online reloads the page that did not open.
    await context.setOffline(true);
    await page.getByTestId('my-reports-link').click();
    await unloaded.waitFor({ timeout: 30_000 });
    await context.setOffline(false);
    await unloaded.getByRole('button').click();
    await page.locator('#main h1').filter({ hasText: '我的报告' }).waitFor({ timeout: 30_000 });
    assert.deepEqual(page.errors, [], 'the page threw (a failed chunk load must not abort the app)');
  } finally {
    await context.close();
  }
});

test('with a service worker the app opens offline, even with the server gone, and shows the kept data', async () => {
  const { context, page } = await open({ locale: 'zh-CN' });
  try {
    const staAnswers = [];
    page.on('response', (r) => {
      if (r.url().includes('/v1.1/Things') && r.url().includes('Observations') && r.ok()) staAnswers.push(r.url());
    });
    const seen = await visitOnline(page);
    await page.goto('/');
    await waitForStationList(page);
    // The worker installs in the background and takes over this page (clients.claim).
    await waitForOfflineReady(page);

    await context.setOffline(true);
    const reloaded = await page.reload();
    assert.ok(reloaded.fromServiceWorker(), 'the offline page did not come from the service worker');
    assert.deepEqual(await keptList(page, 'offline'), seen.list);
    assert.match(await status(page), /^离线——显示.+（刚刚）的数据：你附近有\d+个监测站。$/);
    await shot(page, 'offline-list-zh');

    // A station page opened straight from its address, offline.
    await page.goto(`/station/${seen.station}`);
    await page.getByTestId('kept-note').waitFor({ timeout: 30_000 });
    assert.match((await page.getByTestId('kept-note').textContent()).trim(), /^离线——显示.+（刚刚）的数据。$/);
    assert.equal((await page.getByTestId('station-title').textContent()).trim(), seen.title);
    await shot(page, 'offline-station-zh');

    // With the server gone too, only the worker can answer: the shell opens and the last STA answers are
    // served from its cache.
    await context.setOffline(false);
    await server.stop();
    serverStopped = true;
    const again = await page.goto('/');
    assert.ok(again.fromServiceWorker());
    await page.locator(`${LIST} li[data-station-id]`).first().waitFor({ timeout: 30_000 });
    assert.ok(staAnswers.length > 0, 'no SensorThings answers were seen online');
    const cached = await page.evaluate(async (url) => {
      const res = await fetch(url);
      return { ok: res.ok, count: (await res.json()).value?.length ?? 1 };
    }, staAnswers[0]);
    assert.ok(cached.ok && cached.count > 0, `the worker did not serve the kept answer of ${staAnswers[0]}`);
    assert.deepEqual(page.errors, [], 'the page threw');
  } finally {
    await context.close();
  }
});
