// Shared set-up for the end-to-end tests: the real server binary on a free loopback port with a fresh
// temporary database and the demo city, and Debian's Chromium driven by playwright-core. Only the phone's
// position and the clock are mocked; everything else is the app talking to the server.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

/** The instant the demo data ends at; the browser's clock is pinned to it too, so readings are "fresh". */
export const DEMO_NOW = '2026-11-28T08:00:00Z';
/** Bearer token the server accepts for writes in these tests. */
export const WRITE_TOKEN = 'test-token';
/** Demo city size: the production default; QINGSHUI_E2E_STATIONS overrides it for quick local runs. */
export const STATIONS = Number(process.env.QINGSHUI_E2E_STATIONS ?? 17000);

const SERVER_BIN = process.env.QINGSHUI_E2E_SERVER ?? 'target/server/qingshui-server';
const CHROMIUM = process.env.QINGSHUI_E2E_CHROMIUM ?? '/usr/bin/chromium';
// Generous: generating the demo city on a busy 2-core CI machine is the slow part of start-up.
const READY_TIMEOUT_MS = 180_000;

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the server with a new database in a temp dir; resolves once GET /v1.1 answers 200. `env` adds or
 * overrides server variables.
 * Returns { url, sta, stop, log() }.
 */
export async function startServer({ env = {}, tls = false } = {}) {
  if (!existsSync(SERVER_BIN)) {
    throw new Error(`server binary ${SERVER_BIN} missing: cargo build --profile server -p qingshui-server`);
  }
  if (!existsSync('dist/index.html')) {
    throw new Error('dist/index.html missing: run scripts/build.sh first');
  }
  const dir = await mkdtemp(join(tmpdir(), 'qingshui-e2e-'));
  const port = await freePort();
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const tlsEnv = tls ? await selfSignedCertificate(dir) : {};
  let output = '';
  const child = spawn(SERVER_BIN, [], {
    env: {
      ...process.env,
      QINGSHUI_ADDR: `127.0.0.1:${port}`,
      QINGSHUI_DB: join(dir, 'e2e.sqlite'),
      QINGSHUI_DIST: 'dist',
      QINGSHUI_WRITE_TOKEN: WRITE_TOKEN,
      QINGSHUI_DEMO_STATIONS: String(STATIONS),
      QINGSHUI_DEMO_NOW: DEMO_NOW,
      ...tlsEnv,
      // Per-file extras, e.g. QINGSHUI_DIST and QINGSHUI_BASE_PATH for the sub-path tests.
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));

  // Kills the server and removes its files. A server that had already died on its own is reported, so a
  // test failing with "connection refused" is traced to the crash (or to whoever killed it).
  const stop = async ({ duringStartup = false } = {}) => {
    const diedEarly = exited;
    if (exited === null) {
      child.kill('SIGTERM');
      for (let i = 0; i < 50 && exited === null; i++) await sleep(100);
      if (exited === null) child.kill('SIGKILL');
    }
    await rm(dir, { recursive: true, force: true });
    if (diedEarly !== null && !duringStartup) {
      throw new Error(`the server died during the tests (${JSON.stringify(diedEarly)}):\n${output}`);
    }
  };

  const started = Date.now();
  for (;;) {
    if (exited !== null) {
      await stop({ duringStartup: true });
      throw new Error(`server exited during start-up (${JSON.stringify(exited)}):\n${output}`);
    }
    if (Date.now() - started > READY_TIMEOUT_MS) {
      await stop({ duringStartup: true });
      throw new Error(`server not ready after ${READY_TIMEOUT_MS} ms:\n${output}`);
    }
    try {
      if ((await status(`${url}/v1.1`)) === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  const readyMs = Date.now() - started;
  console.log(`# server ready in ${readyMs} ms with ${STATIONS} demo stations`);
  return { url, sta: `${url}/v1.1`, stop, log: () => output, readyMs, pid: child.pid, tls };
}

/**
 * A certificate for 127.0.0.1 made by openssl (scripts/setup.sh installs it) in `dir`: the server's
 * QINGSHUI_TLS_* variables. Browsers are told to accept it (openPage); nothing else trusts it.
 */
async function selfSignedCertificate(dir) {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  await new Promise((resolve, reject) => {
    const openssl = spawn('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    openssl.stderr.on('data', (d) => (err += d));
    openssl.on('error', reject);
    openssl.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`openssl failed (${code}): ${err}`))));
  });
  return { QINGSHUI_TLS_CERT: cert, QINGSHUI_TLS_KEY: key };
}

/** The status of GET `url`; over HTTPS without checking the certificate (the test's own, self-signed). */
function status(url) {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(url, { rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', reject);
    req.setTimeout(5_000, () => req.destroy(new Error('timed out')));
  });
}

/** Debian's Chromium, headless; never a downloaded browser build. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/**
 * Registers node:test hooks that start a server and a browser before the file's tests and close both after
 * them (browser first, so no page is left talking to a stopped server). Returns getters, as both exist only
 * once the `before` hook has run. `options` go to startServer.
 */
export function useServerAndBrowser(options) {
  let server;
  let browser;
  before(async () => {
    server = await startServer(options);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      return server;
    },
    get browser() {
      return browser;
    },
  };
}

/**
 * A fresh browser context (empty localStorage) on the server, with the clock pinned to DEMO_NOW.
 * `position` = { lat, lon } grants geolocation there; `position: null` denies it.
 */
export async function openPage(browser, server, { position = null, locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({ baseURL: server.url, locale, ignoreHTTPSErrors: !!server.tls });
  if (position) {
    await context.grantPermissions(['geolocation'], { origin: server.url });
    await context.setGeolocation({ latitude: position.lat, longitude: position.lon, accuracy: 20 });
  } else {
    await denyGeolocation(context, server.url);
  }
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(DEMO_NOW));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, errors };
}

// Playwright only grants permissions; an explicit "denied" comes from Chromium's own permission API,
// so the app sees exactly what a resident who said no would cause (PERMISSION_DENIED).
async function denyGeolocation(context, origin) {
  const browser = context.browser();
  const cdp = await browser.newBrowserCDPSession();
  const page = await context.newPage();
  const pageCdp = await context.newCDPSession(page);
  const { targetInfo } = await pageCdp.send('Target.getTargetInfo');
  await cdp.send('Browser.setPermission', {
    permission: { name: 'geolocation' },
    setting: 'denied',
    origin,
    browserContextId: targetInfo.browserContextId,
  });
  await pageCdp.detach();
  await page.close();
  await cdp.detach();
}

/**
 * Polls `fn(arg)` in the page until it gives a truthy value, which it returns. Unlike `page.waitForFunction`, an
 * async `fn` is awaited: Playwright takes the promise itself as the answer, and a promise is truthy, so an async
 * predicate there returns at once and the test waits for nothing.
 */
export async function waitForAsync(page, fn, arg, { timeout = 30_000, polling = 250, what = 'the condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await page.evaluate(fn, arg);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`waited ${timeout} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, polling));
  }
}

/** Waits until a file whose URL matches `pattern` is in one of the page's Cache Storage caches. */
export function waitForCached(page, pattern, { timeout = 30_000 } = {}) {
  return waitForAsync(
    page,
    async (source) => {
      const re = new RegExp(source);
      for (const name of await caches.keys()) {
        for (const r of await (await caches.open(name)).keys()) if (re.test(r.url)) return true;
      }
      return false;
    },
    pattern.source,
    { timeout, what: `a stored file matching ${pattern}` },
  );
}

/**
 * Waits until the app opens offline: the service worker controls the page and has stored every page's code. Outside
 * lite mode the app asks for that once the worker is active (`store-all-pages`), so "activated" alone is too early.
 * The lazy files are read from the worker's own LAZY_FILES list.
 */
export async function waitForOfflineReady(page, { timeout = 60_000 } = {}) {
  await waitForAsync(
    page,
    async () => {
      const worker = navigator.serviceWorker?.controller;
      if (worker?.state !== 'activated') return false;
      const script = await (await fetch(worker.scriptURL)).text();
      const lazy = JSON.parse(/const LAZY_FILES = (\[[^\]]*\])/.exec(script)[1].replace(/'/g, '"'));
      for (const url of lazy) if (!(await caches.match(url))) return false;
      return true;
    },
    undefined,
    { timeout, what: 'the worker to store every page' },
  );
}

/** GET a JSON document from the server, failing the test on any non-2xx. */
export async function getJson(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} → ${res.status}: ${await res.text()}`);
  return res.json();
}

/** Every station with its position, paged through @iot.nextLink (the client's fallback index request). */
export async function allStations(server) {
  const stations = [];
  let next = `${server.sta}/Things?$select=@iot.id,name&$expand=Locations($select=location)&$top=1000`;
  while (next) {
    const page = await getJson(new URL(next, server.url).href);
    for (const thing of page.value) {
      const coords = thing.Locations?.[0]?.location?.coordinates;
      if (coords) stations.push({ id: String(thing['@iot.id']), name: thing.name, lon: coords[0], lat: coords[1] });
    }
    next = page['@iot.nextLink'];
  }
  return stations;
}

/** Great-circle distance in metres (mean Earth radius), as the client computes it. */
export function haversineM(a, b) {
  const R = 6_371_008.8;
  const rad = (d) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The ids of the `count` stations nearest to `position`, nearest first. */
export function nearestIds(stations, position, count) {
  return stations
    .map((s) => ({ id: s.id, d: haversineM(position, s) }))
    .sort((x, y) => x.d - y.d)
    .slice(0, count)
    .map((s) => s.id);
}

/** The runtime configuration the app reads (public/config.json as served); {} when there is none. */
export async function appConfig(server) {
  const res = await fetch(`${server.url}/config.json`);
  if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) return {};
  return res.json();
}

/** Waits until the nearby list shows at least one station; returns the list items' data. */
export async function waitForStationList(page, { timeout = 60_000 } = {}) {
  await page.locator('[data-testid="station-list"] li[data-station-id]').first().waitFor({ timeout });
  // The list may be refined after it first appears (coarse answer, then re-sorted by the precise position):
  // read it once it has not changed for a second.
  let last = '';
  let stableSince = Date.now();
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const now = await page.$$eval('[data-testid="station-list"] li[data-station-id]', (items) =>
      items.map((li) => li.getAttribute('data-station-id') + ':' + li.textContent).join('|'),
    );
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= 1000) {
      break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return page.$$eval('[data-testid="station-list"] li[data-station-id]', (items) =>
    items.map((li) => ({
      id: li.getAttribute('data-station-id'),
      cls: li.querySelector('[data-testid="station-class"]')?.textContent.trim() ?? '',
      distance: li.querySelector('[data-testid="station-distance"]')?.textContent.trim() ?? '',
      metres: Number(li.querySelector('[data-testid="station-distance"]')?.getAttribute('data-metres')),
      deciding: li.querySelector('[data-testid="deciding-item"]')?.textContent.trim() ?? '',
    })),
  );
}
