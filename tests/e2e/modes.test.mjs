// The display modes (issue 4): lite (saves data) and elder (长辈版, large text), chosen on /settings and
// remembered on the phone, forced for one visit by the URL (`?lite=1`, `?elder=0`), lite switched on by itself
// by a data-saving phone; read aloud where the browser can speak; and the layout at 320 px with the browser's
// text at 200 % in every mode. Only the phone's position, clock, connection and voices are mocked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, getJson, waitForStationList } from './harness.mjs';

const YUZHONG = { lat: 29.5576, lon: 106.577 };
/** A minimal baseline JPEG (1×1): the server checks a photo by its magic bytes. */
const TINY_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);

const e2e = useServerAndBrowser();
let stationId;
let photoRequestId;

/** A station id and a report with a photo, made once (the harness's hooks start the server first). */
let made;
const setup = () => (made ??= makeFixtures());
async function makeFixtures() {
  const things = await getJson(`${e2e.server.sta}/Things?$top=1&$select=@iot.id`);
  stationId = String(things.value[0]['@iot.id']);
  const form = new FormData();
  form.set('service_code', 'water_colour');
  form.set('lat', String(YUZHONG.lat));
  form.set('long', String(YUZHONG.lon));
  form.set('description', 'Brown water below the steps, photo attached.');
  form.append('media', new Blob([TINY_JPEG], { type: 'image/jpeg' }), 'river.jpg');
  const res = await fetch(`${e2e.server.url}/open311/v2/requests.json`, { method: 'POST', body: form });
  const body = await res.text();
  assert.equal(res.status, 201, body);
  photoRequestId = JSON.parse(body)[0].service_request_id;
}

const rootClasses = (page) => page.evaluate(() => document.documentElement.className.split(/\s+/).filter(Boolean));
// The app's heading (#main): index.html's shell shows the home page's own until the app takes over.
const waitForApp = (page) => page.locator('#main h1').first().waitFor({ timeout: 30_000 });

/** Replaces the browser's voices with a recorder: window.__spoken = [{ text, lang }]. */
const FAKE_SPEECH = () => {
  window.__spoken = [];
  class FakeUtterance {
    constructor(text) {
      this.text = text;
      this.lang = '';
    }
  }
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: FakeUtterance, configurable: true });
  Object.defineProperty(window, 'speechSynthesis', {
    configurable: true,
    value: { speak: (u) => window.__spoken.push({ text: u.text, lang: u.lang }), cancel() {} },
  });
};
/** A browser without speech. */
const NO_SPEECH = () => {
  Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: undefined, configurable: true });
};

test('settings are remembered across a reload, and a URL parameter wins for its visit only', async () => {
  await setup();
  const { page, context, errors } = await openPage(e2e.browser, e2e.server);
  try {
    await page.goto('/');
    await waitForApp(page);
    await page.getByTestId('settings-link').click();
    await page.waitForURL('**/settings');
    assert.deepEqual(await rootClasses(page), []);
    await page.getByTestId('setting-elder').check();
    assert.deepEqual(await rootClasses(page), ['elder']);
    await page.reload();
    await waitForApp(page);
    assert.equal(await page.getByTestId('setting-elder').isChecked(), true, 'elder mode kept after a reload');
    assert.equal(await page.getByTestId('setting-lite').isChecked(), false);
    assert.deepEqual(await rootClasses(page), ['elder']);
    assert.equal(await page.evaluate(() => localStorage.getItem('qingshui.modes')), 'elder=1');

    // A host's link: its choice for this visit, the stored choice untouched.
    await page.goto('/?elder=0&lite=1');
    await waitForApp(page);
    assert.deepEqual(await rootClasses(page), ['lite']);
    await page.getByTestId('settings-link').click();
    await page.waitForURL('**/settings');
    assert.equal(await page.getByTestId('setting-elder').isChecked(), false, 'URL elder=0 wins');
    assert.equal(await page.getByTestId('setting-lite').isChecked(), true, 'URL lite=1 wins');
    assert.equal(await page.evaluate(() => localStorage.getItem('qingshui.modes')), 'elder=1', 'URL not stored');
    await page.goto('/settings');
    await waitForApp(page);
    assert.deepEqual(await rootClasses(page), ['elder'], 'without the parameter the stored choice is back');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('lite mode: a table instead of the chart, no thumbnails, a photo link, the bytes used, no automatic refresh', async () => {
  await setup();
  // The real clock: Playwright's fake one replaces `performance`, whose entries the byte figure reads.
  const context = await e2e.browser.newContext({ baseURL: e2e.server.url });
  await context.grantPermissions(['geolocation'], { origin: e2e.server.url });
  await context.setGeolocation({ latitude: YUZHONG.lat, longitude: YUZHONG.lon, accuracy: 20 });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    // Standard first: chart and thumbnail are there, so their absence below is lite mode's doing.
    await page.goto(`/station/${stationId}`);
    await page.getByTestId('param-row').first().waitFor({ timeout: 30_000 });
    assert.ok((await page.locator('svg.trend').count()) > 0, 'standard mode draws the trend');
    assert.equal(await page.getByTestId('bytes-used').count(), 0);
    await page.evaluate(
      (id) => localStorage.setItem('qingshui.reports', JSON.stringify([{ id, service_code: 'water_colour', filed_ms: Date.now(), followed: false }])),
      photoRequestId,
    );
    await page.goto('/my-reports');
    await page.locator(`li[data-request-id="${photoRequestId}"] [data-testid="report-status"]`).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('.my-report-thumb').count(), 1, 'standard mode shows the thumbnail');

    await page.getByTestId('settings-link').click();
    await page.getByTestId('setting-lite').check();
    assert.ok((await rootClasses(page)).includes('lite'));
    await page.getByTestId('bytes-used').waitFor({ timeout: 10_000 });

    await page.goto('/my-reports');
    await page.locator(`li[data-request-id="${photoRequestId}"] [data-testid="report-status"]`).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('.my-report-thumb').count(), 0, 'no thumbnails in lite mode');
    await page.goto(`/request/${photoRequestId}`);
    await page.getByTestId('request-title').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('img.report-photo').count(), 0);
    await page.getByTestId('request-photo-link').waitFor();

    await page.goto(`/station/${stationId}`);
    await page.getByTestId('param-row').first().waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('svg.trend').count(), 0, 'no SVG chart in lite mode');
    const table = page.getByTestId('trend-table').first();
    await table.waitFor();
    assert.ok((await table.locator('tbody tr').count()) >= 2, 'readings as table rows');
    assert.equal(await page.locator('.icon:visible').count(), 0, 'no decorative pictures');
    // The figure is what this page fetched, from the browser's Resource Timing: transferSize (cached files
    // cost 0), the body of what the service worker fetched for the page (the page cannot see its wire size),
    // nothing for the worker's own cache; at least the station's answer, which is never cached.
    const used = page.getByTestId('bytes-used');
    await page.waitForFunction(() => {
      const cost = (e) =>
        e.transferSize > 0 ? e.transferSize
        : e.workerStart > 0 && e.deliveryType !== 'cache-storage' ? e.encodedBodySize
        : 0;
      const sum = performance
        .getEntriesByType('navigation')
        .concat(performance.getEntriesByType('resource'))
        .reduce((n, e) => n + cost(e), 0);
      return Number(document.querySelector('[data-testid="bytes-used"]')?.dataset.bytes) === sum;
    }, null, { timeout: 10_000 });
    // The rule itself (index.html's qingshuiBytes, given entries), entry by entry: transferSize; the browser's cache
    // and the worker's own cost nothing; what the worker fetched counts by its body, as does an entry without
    // transferSize; nonsense counts nothing.
    const rule = [
      [{ transferSize: 1234, encodedBodySize: 1000 }, 1234],
      [{ transferSize: 0, encodedBodySize: 5000, deliveryType: 'cache' }, 0],
      [{ transferSize: 0, encodedBodySize: 5000, workerStart: 3, deliveryType: 'cache-storage' }, 0],
      [{ transferSize: 0, encodedBodySize: 5000, workerStart: 3, deliveryType: 'cache' }, 5000],
      [{ encodedBodySize: 900 }, 900],
      [{}, 0],
      [{ transferSize: NaN, encodedBodySize: -1, workerStart: 3 }, 0],
    ];
    for (const [entry, want] of rule) {
      assert.equal(await page.evaluate((e) => window.qingshuiBytes([e]), entry), want, JSON.stringify(entry));
    }
    const bytes = Number(await used.getAttribute('data-bytes'));
    const entries = await page.evaluate(() =>
      performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
        .map((e) => `${e.name.slice(-40)} t=${e.transferSize} b=${e.encodedBodySize} w=${e.workerStart} d=${e.deliveryType}`),
    );
    assert.ok(bytes > 2_000, `the station's answer counts: ${bytes} B\n${entries.join('\n')}`);
    assert.match(await used.textContent(), /\d+(\.\d)? (B|KB|MB)/);

    // A list kept from the last visit is shown without fetching it again; "refresh" fetches it.
    await page.goto('/?lite=0');
    await page.getByTestId('locate-button').click();
    await waitForStationList(page);
    const things = [];
    page.on('request', (r) => r.url().includes('/v1.1/Things') && things.push(r.url()));
    await page.goto('/');
    await page.locator('[data-testid="station-list"][data-kept="earlier"] li').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('refresh-list').waitFor();
    await page.waitForTimeout(1500);
    assert.deepEqual(things, [], 'lite mode does not refresh by itself');
    await page.getByTestId('refresh-list').click();
    // Not busy any more: while the fresh list is being fetched the old items are still there, without the mark.
    await page
      .locator('[data-testid="station-list"][aria-busy="false"]:not([data-kept]) li')
      .first()
      .waitFor({ timeout: 30_000 });
    assert.ok(things.length > 0 && things.every((u) => u.includes('%24select=') || u.includes('$select=')), things.join('\n'));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('lite mode switches itself on for a data-saving or 2G phone, unless the resident switched it off', async () => {
  await setup();
  for (const connection of [{ saveData: true, effectiveType: '4g' }, { saveData: false, effectiveType: 'slow-2g' }]) {
    const { page, context, errors } = await openPage(e2e.browser, e2e.server);
    try {
      await context.addInitScript((c) => {
        Object.defineProperty(Navigator.prototype, 'connection', { configurable: true, get: () => c });
      }, connection);
      await page.goto('/settings');
      await waitForApp(page);
      assert.deepEqual(await rootClasses(page), ['lite'], JSON.stringify(connection));
      await page.getByTestId('lite-auto').waitFor();
      assert.equal(await page.getByTestId('setting-lite').isChecked(), true);
      await page.getByTestId('setting-lite').uncheck();
      await page.reload();
      await waitForApp(page);
      assert.deepEqual(await rootClasses(page), [], 'the resident said no: it stays off');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});

/** Visible text and touch targets that break elder mode's sizes: [description]. */
async function elderProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    const px = (el, prop) => parseFloat(getComputedStyle(el)[prop]);
    const body = document.body;
    if (px(body, 'fontSize') < 20) problems.push(`body text ${px(body, 'fontSize')} px`);
    if (px(body, 'lineHeight') / px(body, 'fontSize') < 1.5) problems.push(`line height ${getComputedStyle(body).lineHeight}`);
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    for (const el of document.querySelectorAll('main p, main li, main dd, main label, footer p')) {
      if (visible(el) && el.textContent.trim() && px(el, 'fontSize') < 20) {
        problems.push(`text ${px(el, 'fontSize')} px: ${el.textContent.trim().slice(0, 40)}`);
      }
    }
    for (const el of document.querySelectorAll('a, button, select, input, textarea')) {
      if (!visible(el) || el.closest('.visually-hidden')) continue;
      // A radio or checkbox is tapped through its label.
      const target = ['radio', 'checkbox', 'file'].includes(el.type) ? el.closest('label') ?? el : el;
      const r = target.getBoundingClientRect();
      if (r.height < 60 || r.width < 60) {
        problems.push(`target ${Math.round(r.width)}×${Math.round(r.height)}: ${target.outerHTML.slice(0, 80)}`);
      }
    }
    return problems;
  });
}

test('elder mode: text ≥ 20 px, line height ≥ 1.5, every target ≥ 60 px, simpler words, entry on the home page', async () => {
  await setup();
  for (const locale of ['zh-CN', 'en']) {
    const { page, context, errors } = await openPage(e2e.browser, e2e.server, { position: YUZHONG, locale });
    try {
      await page.goto('/');
      await waitForApp(page);
      const standard = await page.locator('#main .why').textContent();
      await page.getByTestId('elder-toggle').click();
      assert.equal(await page.getByTestId('elder-toggle').getAttribute('aria-pressed'), 'true');
      assert.ok((await rootClasses(page)).includes('elder'));
      const simple = await page.locator('#main .why').textContent();
      assert.ok(simple.length < standard.length, `simpler words: "${simple}" vs "${standard}"`);
      await page.getByTestId('locate-button').click();
      await waitForStationList(page);
      const pages = [
        ['home with list', null],
        ['station', `/station/${stationId}`],
        ['report', '/report'],
        ['my reports', '/my-reports'],
        ['settings', '/settings'],
      ];
      const problems = [];
      for (const [name, path] of pages) {
        if (path) {
          await page.goto(path);
          await waitForApp(page);
          await page.waitForLoadState('networkidle');
        }
        for (const p of await elderProblems(page)) problems.push(`${name} (${locale}): ${p}`);
      }
      assert.deepEqual(problems, []);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});

test('read aloud: speaks the list and the station in the page language; hidden without speech', async () => {
  await setup();
  for (const [locale, lang] of [['zh-CN', 'zh-CN'], ['en', 'en']]) {
    const { page, context, errors } = await openPage(e2e.browser, e2e.server, { position: YUZHONG, locale });
    try {
      await context.addInitScript(FAKE_SPEECH);
      await page.goto('/');
      await page.getByTestId('locate-button').click();
      await waitForStationList(page);
      await page.getByTestId('read-aloud').click();
      const [list] = await page.evaluate(() => window.__spoken);
      assert.equal(list.lang, lang);
      const firstName = (await page.locator('.card-name').first().textContent()).trim();
      assert.ok(list.text.includes(firstName), `"${list.text.slice(0, 120)}" names ${firstName}`);
      await page.goto(`/station/${stationId}`);
      const title = (await page.getByTestId('station-title').textContent({ timeout: 30_000 })).trim();
      await page.getByTestId('read-aloud').click();
      const spoken = await page.evaluate(() => window.__spoken);
      assert.equal(spoken.at(-1).lang, lang);
      assert.ok(spoken.at(-1).text.startsWith(title), spoken.at(-1).text);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
  const { page, context } = await openPage(e2e.browser, e2e.server, { position: YUZHONG });
  try {
    await context.addInitScript(NO_SPEECH);
    await page.goto(`/station/${stationId}`);
    await page.getByTestId('station-title').waitFor({ timeout: 30_000 });
    await page.goto('/');
    await page.getByTestId('locate-button').click();
    await waitForStationList(page);
    assert.equal(await page.getByTestId('read-aloud').count(), 0, 'no button without speechSynthesis');
  } finally {
    await context.close();
  }
});

test('320 px wide with the text at 200 %: no page scrolls sideways in any mode or language', async () => {
  await setup();
  const failures = [];
  for (const locale of ['zh-CN', 'en']) {
    const context = await e2e.browser.newContext({ baseURL: e2e.server.url, locale, viewport: { width: 320, height: 700 } });
    await context.grantPermissions(['geolocation'], { origin: e2e.server.url });
    await context.setGeolocation({ latitude: YUZHONG.lat, longitude: YUZHONG.lon, accuracy: 20 });
    const page = await context.newPage();
    try {
      // The browser's own text size setting (what residents change), not a page zoom: 16 px → 32 px.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
      for (const mode of ['lite=0&elder=0', 'lite=1&elder=0', 'lite=0&elder=1']) {
        await page.goto(`/?${mode}`);
        await page.getByTestId('locate-button').click();
        await waitForStationList(page);
        const routes = [null, `/station/${stationId}`, '/report', '/my-reports', '/settings'];
        for (const route of routes) {
          // In-app navigation keeps the URL's modes of this visit.
          if (route) {
            await page.evaluate((r) => {
              history.pushState(null, '', r);
              dispatchEvent(new PopStateEvent('popstate'));
            }, route);
            await waitForApp(page);
            await page.waitForLoadState('networkidle');
          }
          const size = await page.evaluate(() => ({
            scroll: document.documentElement.scrollWidth,
            client: document.documentElement.clientWidth,
            base: parseFloat(getComputedStyle(document.body).fontSize),
            wide: [...document.querySelectorAll('main *, header *, footer *')]
              .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .slice(0, 3)
              .map((el) => el.outerHTML.slice(0, 80)),
          }));
          assert.ok(size.base >= 32, `text at 200 %: ${size.base} px`);
          if (size.scroll > size.client) {
            failures.push(`${route ?? '/'} ${mode} ${locale}: ${size.scroll} > ${size.client} px — ${size.wide.join(' | ')}`);
          }
        }
      }
    } finally {
      await context.close();
    }
  }
  assert.deepEqual(failures, []);
});
