// Outbox under chaos: 200 reports filed through the real report form by four phones (browser contexts, 50 each, in
// parallel — four residents rather than one typing 200 times, to keep CI time small), while a route handler in
// front of the server, driven by a seeded PRNG per phone, mangles every POST attempt: connections dropped before
// the server sees the request, answers lost after the server filed the report, 500s, 503s after filing, and
// requests held past the client's 15 s timeout and delivered late. Pages are reloaded between reports and in the
// middle of sends. Afterwards the phones are woken (clock moved past backoffs and claims, `online` event) until
// their outboxes are empty. The server must then hold exactly the 200 reports: none lost, none twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, getJson } from './harness.mjs';

const PHONES = 4;
const PER_PHONE = 50;
const SEED = Number(process.env.QINGSHUI_CHAOS_SEED ?? 20261128);
/** Yubei airport road, away from the other tests' positions. */
const HERE = { lat: 29.7194, lon: 106.6383 };
/** Longer than the client's 15 s deadline for a report without photos (api.rs TIMEOUT_MS). */
const HOLD_MS = 16_000;
/** How long the wake-up phase may take before the test gives up. */
const DRAIN_MS = 150_000;

/** The fault kinds with their weights (per POST attempt). */
const FAULTS = [
  ['pass', 52],
  ['drop', 12], // connection reset before the server sees it
  ['lost', 12], // the server files it, the answer never arrives
  ['http500', 9], // server error, nothing filed
  ['http503', 9], // server filed it, but the proxy answers 503
  ['hold', 2], // held past the client's timeout, then delivered to the server
];
const RELOAD_BETWEEN = 0.08;
const RELOAD_MID_SEND = 0.05;

let server;
let browser;

before(async () => {
  process.env.QINGSHUI_RATE_REPORTS_PER_MIN = '0';
  server = await startServer({ env: { QINGSHUI_DEMO_STATIONS: process.env.QINGSHUI_E2E_STATIONS ?? '2000' } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** mulberry32: small, seeded, reproducible. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(rand) {
  const total = FAULTS.reduce((s, [, w]) => s + w, 0);
  let x = rand() * total;
  for (const [kind, w] of FAULTS) {
    if ((x -= w) < 0) return kind;
  }
  return 'pass';
}

const counts = Object.fromEntries([...FAULTS.map(([k]) => [k, 0]), ['reloadBetween', 0], ['reloadMidSend', 0], ['sentAgainAfterReload', 0], ['attempts', 0]]);
/** Held requests not yet delivered to the server. */
let holding = 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const isReportPost = (req) => req.method() === 'POST' && new URL(req.url()).pathname.endsWith('/open311/v2/requests.json');

/** Puts the chaos between one phone and the server; `rand` decides each POST's fate. */
async function chaos(context, rand) {
  await context.route(
    (url) => url.pathname.endsWith('/open311/v2/requests.json'),
    async (route) => {
      if (!isReportPost(route.request())) return route.continue();
      const kind = pick(rand);
      counts.attempts++;
      counts[kind]++;
      const error = (status) => ({ status, contentType: 'application/json', body: `[{"code":${status},"description":"chaos"}]` });
      try {
        switch (kind) {
          case 'pass':
            return await route.fulfill({ response: await route.fetch() });
          case 'drop':
            return await route.abort('connectionreset');
          case 'lost':
            await route.fetch();
            return await route.abort('connectionreset');
          case 'http500':
            return await route.fulfill(error(500));
          case 'http503':
            await route.fetch();
            return await route.fulfill({ ...error(503), headers: { 'retry-after': '1' } });
          case 'hold': {
            holding++;
            try {
              await sleep(HOLD_MS);
              // The phone gave up by now; the server still gets the request, as after a slow network.
              const late = await route.fetch();
              return await route.fulfill({ response: late });
            } finally {
              holding--;
            }
          }
        }
      } catch {
        // The page went away (reload) or gave up on the request: that is part of the chaos.
      }
    },
  );
}

async function fillAndSend(page, description) {
  await page.locator('li[data-service-code="floating_rubbish"] input').click({ timeout: 30_000 });
  await page.getByTestId('report-locate').click();
  await page.getByTestId('report-review').filter({ hasText: String(HERE.lat).slice(0, 5) }).waitFor({ timeout: 30_000 });
  await page.getByTestId('report-description').fill(description);
  await page.getByTestId('report-submit').click();
}

/** One phone files its reports through the form, with reloads between and during sends. */
async function phone(n, run, now) {
  const rand = prng(SEED + n);
  const context = await browser.newContext({ baseURL: server.url, locale: 'en' });
  await context.grantPermissions(['geolocation'], { origin: server.url });
  await context.setGeolocation({ latitude: HERE.lat, longitude: HERE.lon, accuracy: 10 });
  const page = await context.newPage();
  await page.clock.setFixedTime(now);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await chaos(context, rand);
  await page.goto('/report');
  for (let i = 0; i < PER_PHONE; i++) {
    const description = `Plastic bottles along the bank, ${run} phone ${n} report ${i}`;
    for (let pending = true; pending; ) {
      await fillAndSend(page, description);
      if (rand() < RELOAD_MID_SEND) {
        counts.reloadMidSend++;
        await page.reload();
        await page.getByTestId('report-description').waitFor({ timeout: 30_000 });
        // Reloaded before the phone had kept the report: nothing was acknowledged and the form still holds it
        // (the draft is kept), so the resident sends it again — with the draft's same Idempotency-Key, so a
        // report that had been kept after all is still filed once.
        pending = (await page.getByTestId('report-description').inputValue()) === description;
        if (pending) counts.sentAgainAfterReload++;
      } else {
        pending = false;
        const done = page.locator('[data-testid="report-result"], [data-testid="report-queued"]');
        await done.waitFor({ timeout: 60_000 });
        if (rand() < RELOAD_BETWEEN) {
          counts.reloadBetween++;
          await page.reload();
        } else {
          await done.locator('button.button-secondary').click();
        }
      }
    }
    await page.getByTestId('report-description').waitFor({ timeout: 30_000 });
  }
  return { context, page, errors };
}

async function onServer(run) {
  const all = await getJson(`${server.url}/open311/v2/requests.json?service_code=floating_rubbish`);
  return all.filter((r) => (r.description ?? '').includes(run));
}

test('200 reports through drops, lost answers, 5xx, timeouts and reloads: exactly 200 on the server', async () => {
  const run = `chaos-${Date.now()}`;
  const started = Date.now();
  let now = Date.now();
  const phones = await Promise.all([...Array(PHONES).keys()].map((n) => phone(n, run, now)));
  const filled = Date.now();

  // Wake the phones until every outbox is empty: the clock moves past the longest backoff and claim
  // (10 min, 150 s), and `online` sends what is due. Chaos goes on meanwhile.
  let waiting = Infinity;
  let rounds = 0;
  const drainUntil = Date.now() + DRAIN_MS;
  while (waiting > 0 && Date.now() < drainUntil) {
    now += 11 * 60_000;
    rounds++;
    for (const p of phones) {
      await p.page.clock.setFixedTime(now);
      await p.page.evaluate(() => window.dispatchEvent(new Event('online')));
    }
    await sleep(1_500);
    const left = await Promise.all(
      phones.map((p) =>
        p.page.evaluate(
          () =>
            new Promise((resolve, reject) => {
              const open = indexedDB.open('qingshui');
              open.onerror = () => reject(open.error);
              open.onsuccess = () => {
                const tx = open.result.transaction('outbox', 'readonly');
                const count = tx.objectStore('outbox').count();
                count.onsuccess = () => {
                  resolve(count.result);
                  open.result.close();
                };
                count.onerror = () => reject(count.error);
              };
            }),
        ),
      ),
    );
    waiting = left.reduce((a, b) => a + b, 0);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const figures = { ...counts, wakeRounds: rounds, fillSeconds: ((filled - started) / 1000).toFixed(1), totalSeconds: seconds };
  console.log(`# outbox chaos (seed ${SEED}): ${JSON.stringify(figures)}`);
  assert.equal(waiting, 0, `reports still in the outboxes after ${DRAIN_MS} ms of wake-ups`);

  // Late deliveries of held requests may still be on their way: wait for them before counting.
  for (let waited = 0; holding > 0 && waited < 2 * HOLD_MS; waited += 200) await sleep(200);
  assert.equal(holding, 0, 'a held request never reached the server');
  const filed = await onServer(run);
  const descriptions = filed.map((r) => r.description);
  const unique = new Set(descriptions);
  assert.equal(unique.size, descriptions.length, `duplicates on the server: ${descriptions.length - unique.size}`);
  const expected = [];
  for (let n = 0; n < PHONES; n++) for (let i = 0; i < PER_PHONE; i++) expected.push(`Plastic bottles along the bank, ${run} phone ${n} report ${i}`);
  assert.deepEqual([...unique].sort(), expected.sort(), 'reports lost or unexpected ones filed');
  assert.equal(filed.length, PHONES * PER_PHONE);
  assert.ok(counts.drop > 0 && counts.lost > 0 && counts.http500 > 0 && counts.http503 > 0 && counts.hold > 0, `not every fault was injected: ${JSON.stringify(counts)}`);

  // Each phone's My reports holds exactly its 50 reports, by the ids the server gave.
  const ids = new Set(filed.map((r) => r.service_request_id));
  for (const p of phones) {
    const kept = await p.page.evaluate(() => JSON.parse(localStorage.getItem('qingshui.reports') ?? '[]'));
    assert.equal(kept.length, PER_PHONE, 'My reports does not list each filed report once');
    for (const k of kept) assert.ok(ids.has(k.id), `My reports lists ${k.id}, not one of the run's reports`);
    assert.deepEqual(p.errors, [], 'a page threw');
    await p.context.close();
  }
});
