// Reports filed without a connection are saved on the phone (IndexedDB) and sent by themselves once it is back:
// they survive a reload, My reports shows each one's state, and the server gets each exactly once — also when the
// answer to an upload is lost on the way back. A report the server refuses waits for the resident, who can
// correct it in the form or delete it. The sender's code is a chunk of its own, fetched on app start only while
// something may be waiting (the `qingshui.outbox.pending` marker) and whenever the report page or My reports opens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { startServer, launchBrowser, openPage, getJson, waitForOfflineReady } from './harness.mjs';

/** Jiefangbei; away from the positions the other report tests use. */
const HERE = { lat: 29.5575, lon: 106.5772 };
const SHOTS = process.env.QINGSHUI_E2E_SHOTS ?? '/tmp/qingshui-shots';
const OUTBOX = '[data-testid="outbox-list"] li[data-outbox-key]';
const KEPT = '[data-testid="my-reports-list"] li[data-request-id]';
/** The sender's chunk (src/outbox/work.rs) in the split build. */
const SENDER_CHUNK = /\/split_qingshui_outbox[^/]*\.wasm$/;
const MARKER = 'qingshui.outbox.pending';

let server;
let browser;

before(async () => {
  // Five reports within a minute here; the per-address limit is not what these tests are about.
  process.env.QINGSHUI_RATE_REPORTS_PER_MIN = '0';
  server = await startServer();
  browser = await launchBrowser();
  await mkdir(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function phone(locale = 'zh-CN') {
  const p = await openPage(browser, server, { position: HERE, locale });
  // Reports are stamped with the server's clock: the phone's is pinned to the same instant.
  await p.page.clock.setFixedTime(new Date());
  return p;
}

async function filed(code, token) {
  const all = await getJson(`${server.url}/open311/v2/requests.json?service_code=${code}`);
  return all.filter((r) => (r.description ?? '').includes(token));
}

/** Fills the form for `code` at the phone's position with `description`, and sends it. */
async function fileReport(page, code, description) {
  await page.locator(`li[data-service-code="${code}"] input`).click({ timeout: 30_000 });
  await page.getByTestId('report-locate').click();
  await page.getByTestId('report-review').filter({ hasText: String(HERE.lat).slice(0, 6) }).waitFor({ timeout: 30_000 });
  await page.getByTestId('report-description').fill(description);
  await page.getByTestId('report-submit').click();
}

async function shots(page, name) {
  for (const width of [390, 320]) {
    await page.setViewportSize({ width, height: 844 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
}

test('two reports filed offline survive a reload and arrive exactly once when the phone is back online', async () => {
  const token = `outbox-${Date.now()}`;
  const texts = [`Green scum on the pond, ${token} A`, `Green scum near the outlet, ${token} B`];
  const { page, context, errors } = await phone('zh-CN');
  try {
    await page.goto('/report');
    // Only the offline reload and My reports opened offline need the worker: the outbox itself works without one.
    await waitForOfflineReady(page);
    await page.locator('li[data-service-code="algae_bloom"]').waitFor({ timeout: 30_000 });
    await context.setOffline(true);
    const keys = [];
    for (const text of texts) {
      await fileReport(page, 'algae_bloom', text);
      const queued = page.getByTestId('report-queued');
      await queued.waitFor({ timeout: 30_000 });
      assert.match(await queued.textContent(), /已保存在手机上.*联网后会自动发送/s);
      keys.push(await queued.getAttribute('data-key'));
      assert.equal(await page.getByTestId('report-description').count(), 0, 'the form still shows the saved report');
      await queued.getByRole('button').click();
    }
    assert.notEqual(keys[0], keys[1], 'two reports share an Idempotency-Key');

    const reloaded = await page.reload();
    assert.ok(reloaded.fromServiceWorker(), 'the offline reload did not come from the service worker');
    assert.equal(await page.getByTestId('report-description').inputValue(), '', 'a saved report came back as a draft');
    await page.goto('/my-reports');
    await page.waitForFunction(
      (sel) => [...document.querySelectorAll(sel)].filter((li) => li.dataset.state === 'waiting').length === 2,
      OUTBOX,
      { timeout: 30_000 },
    );
    const listed = await page.locator(OUTBOX).evaluateAll((lis) => lis.map((li) => li.dataset.outboxKey).sort());
    assert.deepEqual(listed, [...keys].sort());
    assert.match(await page.locator(OUTBOX).first().textContent(), /等待发送/);
    await shots(page, 'my-reports-queued-zh');
    assert.equal((await filed('algae_bloom', token)).length, 0, 'something reached the server while offline');

    await context.setOffline(false);
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, KEPT, { timeout: 60_000 });
    await page.locator(OUTBOX).first().waitFor({ state: 'detached', timeout: 30_000 });
    const onServer = await filed('algae_bloom', token);
    assert.deepEqual(onServer.map((r) => r.description).sort(), [...texts].sort(), 'not exactly one report each');
    const ids = await page.locator(KEPT).evaluateAll((lis) => lis.map((li) => li.dataset.requestId).sort());
    assert.deepEqual(ids, onServer.map((r) => r.service_request_id).sort(), 'My reports does not list the filed ids');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/my-reports-sent-zh-390.png`, fullPage: true });
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    await context.close();
  }
});

test('an answer lost on the way back: the retry carries the same key and the server files the report once', async () => {
  const token = `lost-${Date.now()}`;
  const { page, context, errors } = await phone('en');
  try {
    const posts = [];
    let lost = 0;
    await page.route('**/open311/v2/requests.json', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const key = route.request().headers()['idempotency-key'];
      const response = await route.fetch();
      posts.push({ key, status: response.status(), replayed: response.headers()['idempotent-replayed'] ?? null });
      if (lost++ === 0) return route.abort('connectionreset');
      return route.fulfill({ response });
    });
    await page.goto('/report');
    await fileReport(page, 'algae_bloom', `Algae along the steps, ${token}`);
    await page.getByTestId('report-queued').waitFor({ timeout: 30_000 });
    assert.equal((await filed('algae_bloom', token)).length, 1, 'the first upload did not reach the server');

    // The phone notices it is online (here: told so); the outbox sends again at once.
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    const result = page.getByTestId('report-result');
    await result.waitFor({ timeout: 30_000 });
    const onServer = await filed('algae_bloom', token);
    assert.equal(onServer.length, 1, 'the retry filed a second report');
    assert.equal(await result.getAttribute('data-request-id'), onServer[0].service_request_id);
    assert.equal(posts.length, 2);
    assert.equal(posts[0].key, posts[1].key, 'the retry used another Idempotency-Key');
    assert.equal(posts[1].replayed, 'true', 'the server did not replay the original answer');
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    await context.close();
  }
});

test('a report the server refuses in the background needs attention: corrected in the form, or deleted', async () => {
  const token = `refused-${Date.now()}`;
  const { page, context, errors } = await phone('en');
  try {
    await page.goto('/report');
    // My reports is opened offline below: only the worker can serve it and its code (it registers when the browser
    // is idle, then stores every page's code).
    await waitForOfflineReady(page);
    await page.locator('li[data-service-code="algae_bloom"]').waitFor({ timeout: 30_000 });
    await context.setOffline(true);
    // The server takes names of at most 100 characters; the phone does not check that.
    await page.getByTestId('report-contact-toggle').check();
    await page.locator('#report-name').fill('李'.repeat(101));
    await page.locator('#report-email').fill('li@example.cn');
    await fileReport(page, 'algae_bloom', `Thick algae, ${token}`);
    const key = await page.getByTestId('report-queued').getAttribute('data-key', { timeout: 30_000 });

    await page.goto('/my-reports');
    await page.locator(OUTBOX).first().waitFor({ timeout: 30_000 });
    await context.setOffline(false);
    const item = page.locator(`[data-outbox-key="${key}"][data-state="attention"]`);
    await item.waitFor({ timeout: 30_000 });
    assert.match(await item.textContent(), /Needs your attention.*first_name/s);
    await shots(page, 'my-reports-attention-en');

    await item.getByTestId('outbox-edit').click();
    await page.locator('#report-name-error').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('#report-name').getAttribute('aria-invalid'), 'true');
    assert.match(await page.getByTestId('report-description').inputValue(), new RegExp(token));

    await page.goto('/my-reports');
    await item.getByTestId('outbox-delete').click();
    await item.waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal(await page.locator(OUTBOX).count(), 0);
    assert.equal((await filed('algae_bloom', token)).length, 0, 'a refused report was filed');
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    await context.close();
  }
});

/** A tab in `context` that counts the sender-chunk requests it makes (the service worker's own precache is not counted). */
async function countingTab(context) {
  // The phone's own running clock, not a pinned one: under a pinned clock the backoff after a failed attempt never
  // ends, and one passing hiccup would stop the sender for good, which no phone does.
  const page = await context.newPage();
  // `trouble`: what went wrong on the wire, for the message of a wait that times out.
  const tab = { page, senderLoads: 0, errors: [], trouble: [] };
  page.on('request', (r) => {
    if (SENDER_CHUNK.test(r.url())) tab.senderLoads += 1;
  });
  page.on('requestfailed', (r) => tab.trouble.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) tab.trouble.push(`${r.request().method()} ${r.url()}: ${r.status()}`);
  });
  page.on('pageerror', (e) => tab.errors.push(String(e)));
  return tab;
}

/** What the tab's outbox holds and believes: its entries as stored, the marker, `navigator.onLine`, the clock. */
function outboxState(page) {
  return page.evaluate(
    (marker) =>
      new Promise((resolve) => {
        const facts = { onLine: navigator.onLine, now: Date.now(), marker: localStorage.getItem(marker) };
        const open = indexedDB.open('qingshui');
        open.onerror = () => resolve({ ...facts, idb: String(open.error) });
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('outbox')) return resolve({ ...facts, entries: [] });
          const all = db.transaction('outbox').objectStore('outbox').getAll();
          all.onsuccess = () => resolve({ ...facts, entries: all.result.map((r) => JSON.parse(r.meta)) });
          all.onerror = () => resolve({ ...facts, idb: String(all.error) });
        };
      }),
    MARKER,
  );
}

/** Runs `wait(timeout)` in `tab`; on a timeout, the error says what the outbox holds (claims included) and why. */
async function explained(tab, { timeout, left = null }, wait) {
  try {
    await wait(timeout);
  } catch (e) {
    const state = await outboxState(tab.page).catch((why) => String(why));
    const lines = [`left by the tab before: ${JSON.stringify(left)}`, JSON.stringify(state), ...tab.trouble, ...tab.errors];
    throw new Error(`${e.message}\nthe outbox after ${timeout} ms:\n${lines.join('\n')}`);
  }
}

/** Waits until the tab's outbox has sent everything (the marker is gone). */
function waitUntilSent(tab, { timeout = 30_000, left = null } = {}) {
  return explained(tab, { timeout, left }, (ms) =>
    tab.page.waitForFunction((key) => localStorage.getItem(key) === null, MARKER, { timeout: ms }),
  );
}

/** Opens the nearby view and waits until the app has started (and had time to start the sender, if it would). */
async function appStart(tab) {
  await tab.page.goto('/');
  await tab.page.locator('[data-testid="station-list"] li[data-station-id]').first().waitFor({ timeout: 60_000 });
  await tab.page.waitForTimeout(1500);
}

async function marker(page) {
  return page.evaluate((key) => localStorage.getItem(key), MARKER);
}

/**
 * Leaves the app in `tab` and closes it, with the network still off. A closing page can still run for a few
 * milliseconds: coming online then, it claimed the report and died mid-send (seen once in a full run of the
 * first test below; the one CI failure of the second, a 60 s wait for My reports, fits the same race), and its
 * claim holds the report for LOCK_MS (150 s), longer than these tests wait — by design, since a claim must
 * outlive a slow upload. Navigating away first ends the app's scripts for certain.
 */
async function leaveApp(tab) {
  await tab.page.goto('about:blank');
  await tab.page.close();
}

/** Files a report in a fresh tab while offline; the report is still on the phone when this returns. */
async function queueOffline(context, description) {
  const tab = await countingTab(context);
  await appStart(tab);
  assert.equal(tab.senderLoads, 0, 'the nearby view with an empty outbox loaded the sender');
  await tab.page.getByTestId('report-link').click();
  await tab.page.locator('li[data-service-code="algae_bloom"]').waitFor({ timeout: 30_000 });
  assert.equal(tab.senderLoads, 1, 'the report page did not load the sender');
  await context.setOffline(true);
  await fileReport(tab.page, 'algae_bloom', description);
  const key = await tab.page.getByTestId('report-queued').getAttribute('data-key', { timeout: 30_000 });
  assert.equal(await marker(tab.page), '1', 'saved without the marker');
  assert.deepEqual(tab.errors, [], 'the page threw');
  return { tab, key };
}

test('the nearby view loads the sender only while a report waits: one queued offline is sent on the next app start', async (t) => {
  const token = `next-start-${Date.now()}`;
  // No service worker: every chunk fetch is the page's own, and none is answered from a cache.
  const context = await browser.newContext({ baseURL: server.url, locale: 'en', serviceWorkers: 'block' });
  try {
    await context.grantPermissions(['geolocation'], { origin: server.url });
    await context.setGeolocation({ latitude: HERE.lat, longitude: HERE.lon, accuracy: 20 });
    const first = await queueOffline(context, `Oily film on the water, ${token}`);
    const left = await outboxState(first.tab.page);
    await leaveApp(first.tab);
    await context.setOffline(false);
    assert.equal((await filed('algae_bloom', token)).length, 0, 'sent before the app started again');

    const next = await countingTab(context);
    await appStart(next);
    assert.equal(next.senderLoads, 1, 'the app start with a waiting report did not load the sender');
    await waitUntilSent(next, { left });
    if (next.trouble.length) t.diagnostic(`sent after trouble on the wire: ${next.trouble.join('; ')}`);
    assert.equal((await filed('algae_bloom', token)).length, 1, 'not filed exactly once on the next app start');
    const kept = await next.page.evaluate(() => JSON.parse(localStorage.getItem('qingshui.reports') ?? '[]'));
    assert.equal(kept.length, 1, 'the filed report is not in My reports');
    assert.deepEqual(next.errors, [], 'the page threw');
    await next.page.close();

    const after = await countingTab(context);
    await appStart(after);
    assert.equal(after.senderLoads, 0, 'the sender was loaded again with the outbox empty');
  } finally {
    await context.close();
  }
});

test('a report saved without the marker (an older version) is still found and sent when My reports opens', async () => {
  const token = `no-marker-${Date.now()}`;
  const context = await browser.newContext({ baseURL: server.url, locale: 'en', serviceWorkers: 'block' });
  try {
    await context.grantPermissions(['geolocation'], { origin: server.url });
    await context.setGeolocation({ latitude: HERE.lat, longitude: HERE.lon, accuracy: 20 });
    const first = await queueOffline(context, `Dead fish by the pier, ${token}`);
    await leaveApp(first.tab);
    await context.setOffline(false);
    // What an older version leaves behind: the entry in IndexedDB, no marker. Removed once the app's tab is
    // closed (its outbox would set it again on its next look at the queue), from a same-origin page that is not
    // the app.
    const plain = await context.newPage();
    await plain.goto('/config.json');
    await plain.evaluate((key) => localStorage.removeItem(key), MARKER);
    await plain.close();

    const next = await countingTab(context);
    await appStart(next);
    assert.equal(next.senderLoads, 0, 'without the marker the app start should not load the sender');
    assert.equal((await filed('algae_bloom', token)).length, 0);
    await next.page.getByTestId('my-reports-link').click();
    await explained(next, { timeout: 60_000 }, (ms) =>
      next.page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, KEPT, { timeout: ms }),
    );
    assert.equal((await filed('algae_bloom', token)).length, 1, 'the old report was not filed exactly once');
    assert.equal(await marker(next.page), null, 'the marker stayed after the outbox emptied');
    assert.deepEqual(next.errors, [], 'the page threw');
  } finally {
    await context.close();
  }
});
