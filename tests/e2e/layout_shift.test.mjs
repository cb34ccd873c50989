// Layout stability (issue 6: Lighthouse's Cumulative Layout Shift ≤ 0.02): the first load of the home
// (nearby, position handed over in the URL), station, report and a report's pages, on phone widths, in both languages.
// A PerformanceObserver registered before the page's own scripts collects every 'layout-shift' entry from
// the static boot shell through the app's data arriving; the sum must stay within the goal. Each shift is
// printed with the nodes that moved, so a failure says what to fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, getJson } from './harness.mjs';
import { fileReport } from './fixtures.mjs';

/** Lighthouse's goal for the whole page load. */
const MAX_CLS = 0.02;
const YUZHONG = { lat: 29.5576, lon: 106.577 };
/** A common phone and the narrowest one the app supports (Lighthouse's 412 px lays out as 390 px does). */
const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 320, height: 640 },
];
const LOCALES = ['zh-CN', 'en'];

const e2e = useServerAndBrowser();

// Runs in the page before any of its scripts: buffered, so shifts before the observer's first callback count.
const OBSERVE_SHIFTS = () => {
  window.__shifts = [];
  const describe = (node) => {
    if (!node) return '(gone)';
    if (node.nodeType !== 1) return `#text "${(node.textContent ?? '').trim().slice(0, 30)}" in ${describe(node.parentElement)}`;
    const id = node.id ? `#${node.id}` : '';
    const cls = node.className && typeof node.className === 'string' ? `.${node.className.trim().split(/\s+/).join('.')}` : '';
    const testid = node.getAttribute('data-testid') ? `[data-testid=${node.getAttribute('data-testid')}]` : '';
    return `${node.localName}${id}${cls}${testid}`;
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      window.__shifts.push({
        value: e.value,
        at: Math.round(e.startTime),
        sources: (e.sources ?? []).map((s) => {
          const r = (x) => `${Math.round(x.x)},${Math.round(x.y)} ${Math.round(x.width)}×${Math.round(x.height)}`;
          return `${describe(s.node)} ${r(s.previousRect)} → ${r(s.currentRect)}`;
        }),
      });
    }
  }).observe({ type: 'layout-shift', buffered: true });
};

/** Loads `path` fresh and returns the summed shift once `ready` is visible and the page has settled. */
async function measure(path, ready, viewport, locale, { cssDelayMs = 0 } = {}) {
  const { context, page, errors } = await openPage(e2e.browser, e2e.server, { locale });
  try {
    await page.setViewportSize(viewport);
    await page.addInitScript(OBSERVE_SHIFTS);
    if (cssDelayMs > 0) {
      await page.route(/\/main-[0-9a-f]+\.css$/, async (route) => {
        await new Promise((r) => setTimeout(r, cssDelayMs));
        await route.continue();
      });
    }
    await page.goto(path);
    await page.locator(ready).first().waitFor({ timeout: 60_000 });
    // Late arrivals (a second answer, a refined list, fonts) would shift within this time.
    await page.waitForTimeout(1500);
    const shifts = await page.evaluate(() => window.__shifts);
    assert.deepEqual(errors, [], 'no script errors');
    return { total: shifts.reduce((s, e) => s + e.value, 0), shifts };
  } finally {
    await context.close();
  }
}

async function checkPage(name, path, ready) {
  const failures = [];
  const runs = VIEWPORTS.flatMap((viewport) => LOCALES.map((locale) => ({ viewport, locale, cssDelayMs: 0 })));
  // The stylesheet loads without blocking the first paint: arriving after the app's code must not move it.
  runs.push({ viewport: VIEWPORTS[0], locale: LOCALES[0], cssDelayMs: 1500 });
  for (const { viewport, locale, cssDelayMs } of runs) {
    const { total, shifts } = await measure(path, ready, viewport, locale, { cssDelayMs });
    const slow = cssDelayMs ? `, stylesheet ${cssDelayMs} ms late` : '';
    const where = `${name} ${viewport.width}×${viewport.height} ${locale}${slow}`;
    console.log(`# CLS ${where}: ${total.toFixed(4)}`);
    for (const s of shifts) console.log(`#   ${s.value.toFixed(4)} at ${s.at} ms: ${s.sources.join(' | ')}`);
    if (total > MAX_CLS) failures.push(`${where}: ${total.toFixed(4)}`);
  }
  assert.deepEqual(failures, [], `layout shift above ${MAX_CLS}`);
}

test('the home page (position handed over) loads without layout shift', async () => {
  await checkPage('nearby', `/?lat=${YUZHONG.lat}&lng=${YUZHONG.lon}`, '[data-testid="station-list"] li[data-station-id]');
});

test('the station page loads without layout shift', async () => {
  const things = await getJson(`${e2e.server.sta}/Things?$top=1&$select=@iot.id`);
  const id = String(things.value[0]['@iot.id']);
  await checkPage('station', `/station/${id}`, '[data-testid="freshness"]');
});

test('the report page loads without layout shift', async () => {
  await checkPage('report', '/report', '[data-testid="report-form"]');
});

test("a report's page loads without layout shift", async () => {
  const id = await fileReport(e2e.server.url, YUZHONG);
  await checkPage("a report's page", `/request/${encodeURIComponent(id)}`, '[data-testid="request-title"]');
});
