// The app served by the reference server itself over HTTPS (QINGSHUI_TLS_CERT/KEY), as a city without a CDN
// in front would run it: a phone gives its position only to a secure page. The browser should then fetch the
// page, its code, the lazy chunks and the data over HTTP/2 — one connection instead of six queues.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, waitForStationList } from './harness.mjs';

const YUZHONG = { lat: 29.5576, lon: 106.577 };

const e2e = useServerAndBrowser({ tls: true });

/**
 * Records every answer the page gets from now on, by protocol: `by()` = { h2: [...paths], 'http/1.1': [...] }.
 * Read through the DevTools protocol: the page's own Resource Timing is hidden by the pinned clock.
 */
async function watchProtocols(context, page) {
  const seen = [];
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.responseReceived', ({ response }) => {
    if (response.url.startsWith('https:')) seen.push([response.protocol, new URL(response.url).pathname]);
  });
  return () => {
    const by = {};
    for (const [protocol, path] of seen) (by[protocol] ??= []).push(path);
    return by;
  };
}

test('over HTTPS the home page finds the stations near the resident, everything fetched over HTTP/2', async () => {
  assert.ok(e2e.server.url.startsWith('https://'));
  const { page, context, errors } = await openPage(e2e.browser, e2e.server, { position: YUZHONG });
  try {
    const by = await watchProtocols(context, page);
    await page.goto('/');
    assert.equal(await page.evaluate(() => window.isSecureContext), true);
    await page.getByTestId('locate-button').click();
    const stations = await waitForStationList(page);
    assert.ok(stations.length > 0, 'no stations listed');
    const { h2 = [], ...other } = by();
    assert.deepEqual(other, {}, 'requests not over HTTP/2');
    assert.ok(h2.some((p) => p.endsWith('.wasm')), `the app's code is not among ${JSON.stringify(h2)}`);
    assert.ok(h2.some((p) => p.startsWith('/v1.1/')), 'no SensorThings request');
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    await context.close();
  }
});

test('over HTTPS a station opened from its address shows its readings, its chunks over HTTP/2', async () => {
  const { page, context, errors } = await openPage(e2e.browser, e2e.server, { position: null });
  try {
    const by = await watchProtocols(context, page);
    const response = await page.goto('/station/1');
    assert.equal(response.status(), 200);
    await page.getByTestId('station-title').waitFor({ timeout: 30_000 });
    await page.getByTestId('param-row').first().waitFor({ timeout: 30_000 });
    const { h2 = [], ...other } = by();
    assert.deepEqual(other, {}, 'requests not over HTTP/2');
    assert.ok(h2.some((p) => /\/split_page_station-[0-9a-f]+\.wasm$/.test(p)), 'the station chunk not over HTTP/2');
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    await context.close();
  }
});
