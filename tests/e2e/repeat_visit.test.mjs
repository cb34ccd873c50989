// A repeat visit re-downloads no wasm, JS or CSS (issue #6): the app's files carry their content hash in
// their names and are served `Cache-Control: immutable`, so a second visit in the same browser takes them
// from its cache — with the optional service worker (public/sw.js, its shell cache) and without one (the
// HTTP cache alone; many web-views have no service workers). Checked twice over: the page's DevTools
// network log (each file served from the memory/disk cache or the worker, or not requested at all) and
// the server's own access log (no GET of any of them after the first visit, which also covers requests
// the worker would have made on its own).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, DEMO_NOW } from './harness.mjs';

const e2e = useServerAndBrowser();
const ASSET = /\.(wasm|js|css)$/;
const HASHED = /-[0-9a-f]{8,}\.[a-z0-9]+$/;

/** Opens `/` in a new page of `context` and logs every request of it through the DevTools protocol. */
async function visit(context) {
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(DEMO_NOW));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const seen = new Map();
  const entry = (id) => seen.get(id) ?? seen.set(id, {}).get(id);
  cdp.on('Network.requestWillBeSent', (e) => Object.assign(entry(e.requestId), { url: e.request.url }));
  cdp.on('Network.requestServedFromCache', (e) => Object.assign(entry(e.requestId), { servedFromCache: true }));
  cdp.on('Network.responseReceived', (e) =>
    Object.assign(entry(e.requestId), {
      status: e.response.status,
      fromDiskCache: e.response.fromDiskCache,
      fromServiceWorker: e.response.fromServiceWorker,
      cacheControl: e.response.headers['cache-control'] ?? e.response.headers['Cache-Control'],
    }),
  );
  cdp.on('Network.loadingFinished', (e) => Object.assign(entry(e.requestId), { bytes: e.encodedDataLength }));
  await page.goto('/');
  await page.getByTestId('locate-button').waitFor({ timeout: 60_000 });
  // Let late requests (the worker's registration, lazily loaded files) finish.
  await page.waitForLoadState('networkidle');
  const assets = [...seen.values()].filter((r) => r.url && ASSET.test(new URL(r.url).pathname));
  return { page, assets };
}

/** Paths of the app's files the server answered since `from` in its access log. */
function servedSince(from, paths) {
  const lines = e2e.server.log().slice(from).split('\n');
  return lines.filter((l) => /\bGET\b/.test(l) && paths.some((p) => l.includes(` ${p} `) || l.endsWith(` ${p}`)));
}

async function repeatVisit(serviceWorkers) {
  const context = await e2e.browser.newContext({ baseURL: e2e.server.url, locale: 'zh-CN', serviceWorkers });
  try {
    const start = e2e.server.log().length;
    const first = await visit(context);
    const paths = [...new Set(first.assets.map((r) => new URL(r.url).pathname))];
    assert.ok(paths.some((p) => p.endsWith('.wasm')), `the first visit loaded no wasm: ${paths}`);
    assert.ok(paths.some((p) => p.endsWith('.js')), `the first visit loaded no JS: ${paths}`);
    for (const r of first.assets.filter((r) => r.status === 200 && !r.fromServiceWorker)) {
      const path = new URL(r.url).pathname;
      if (!HASHED.test(path)) continue;
      assert.match(r.cacheControl ?? '', /immutable/, `${path} is hashed but not served immutable`);
    }
    const unhashed = paths.filter((p) => !HASHED.test(p) && !p.endsWith('/sw.js'));
    assert.deepEqual(unhashed, [], 'app files without a content hash in their names cannot be cached for good');
    if (serviceWorkers === 'allow') {
      await first.page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', null, {
        timeout: 30_000,
      });
    }
    await first.page.close();

    const mark = e2e.server.log().length;
    const second = await visit(context);
    const downloaded = second.assets.filter(
      (r) => !(r.servedFromCache || r.fromDiskCache || r.fromServiceWorker) && !new URL(r.url).pathname.endsWith('/sw.js'),
    );
    assert.deepEqual(
      downloaded.map((r) => `${new URL(r.url).pathname} (${r.status}, ${r.bytes} B)`),
      [],
      'the second visit downloaded these again',
    );
    const files = paths.filter((p) => !p.endsWith('/sw.js'));
    // The access log check needs the log to name the files it served (it did for the first visit, unless
    // a cache of an earlier test had them already); the DevTools check above stands on its own.
    if (servedSince(start, files).length > 0) {
      const again = servedSince(mark, files);
      assert.deepEqual(again, [], 'the server served these app files again on the second visit');
    } else {
      console.log('# the access log names none of the first visit\'s files: only the DevTools log was checked');
    }
    console.log(
      `# ${serviceWorkers === 'allow' ? 'with' : 'without'} a service worker: ${second.assets.length} app file ` +
        `requests on the second visit, none downloaded (${paths.join(', ')})`,
    );
  } finally {
    await context.close();
  }
}

test('repeat visit without a service worker: wasm/JS/CSS come from the HTTP cache', async () => {
  await repeatVisit('block');
});

test('repeat visit with the service worker: wasm/JS/CSS are not downloaded again', async () => {
  await repeatVisit('allow');
});
