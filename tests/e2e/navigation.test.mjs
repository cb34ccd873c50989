// Moving between pages (src/router.rs): a tap on one of the app's links opens the page in place, without
// loading the app again; a new page starts at its top; back and forward redraw the right page; the header's
// link to the current page says so to screen readers; a click the browser should keep (a new tab) stays its.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, waitForStationList } from './harness.mjs';

const YUZHONG = { lat: 29.5576, lon: 106.577 };

const e2e = useServerAndBrowser();

const scrollY = (page) => page.evaluate(() => window.scrollY);
const current = (page, testid) => page.getByTestId(testid).getAttribute('aria-current');

test('links open pages in place at their top; back and forward redraw them; the current page is marked', async () => {
  const { page, context, errors } = await openPage(e2e.browser, e2e.server, { position: YUZHONG, locale: 'en' });
  try {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/');
    await page.getByTestId('locate-button').click();
    const list = await waitForStationList(page);
    // Lost on a page load: proves that every step below stays in the one loaded app.
    await page.evaluate(() => (window.qingshuiSameLoad = true));

    const last = list[list.length - 1];
    const link = page.locator(`[data-testid="station-list"] li[data-station-id="${last.id}"] a`).first();
    await link.scrollIntoViewIfNeeded();
    assert.ok((await scrollY(page)) > 200, 'the list is not long enough to scroll');
    await link.click();
    await page.waitForURL(`**/station/${last.id}`, { timeout: 30_000 });
    await page.getByTestId('station-title').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => window.scrollY === 0, null, { timeout: 5_000 });
    assert.equal(await current(page, 'report-link'), null, 'the report link is marked on a station page');

    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/', { timeout: 10_000 });
    await page.locator(`[data-testid="station-list"] li[data-station-id="${last.id}"]`).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('station-title').count(), 0, 'back did not leave the station page');
    await page.goForward();
    await page.waitForURL(`**/station/${last.id}`, { timeout: 10_000 });
    await page.getByTestId('station-title').waitFor({ timeout: 30_000 });

    await page.getByTestId('report-link').click();
    await page.waitForURL('**/report', { timeout: 10_000 });
    await page.locator('form').first().waitFor({ timeout: 30_000 });
    assert.equal(await current(page, 'report-link'), 'page');
    assert.equal(await current(page, 'my-reports-link'), null);
    assert.match(await page.title(), /^Report a water problem · Qingshui$/);
    // A second tap on the link of the page on screen adds no history entry.
    const entries = await page.evaluate(() => history.length);
    await page.getByTestId('report-link').click();
    assert.equal(await page.evaluate(() => history.length), entries);

    await page.getByTestId('settings-link').click();
    await page.waitForURL('**/settings', { timeout: 10_000 });
    assert.equal(await current(page, 'settings-link'), 'page');
    assert.equal(await current(page, 'report-link'), null);

    assert.equal(await page.evaluate(() => window.qingshuiSameLoad), true, 'a link loaded the app again');
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    await context.close();
  }
});

test('a link opened in a new tab (Ctrl+click) is left to the browser', async () => {
  const { page, context } = await openPage(e2e.browser, e2e.server, { position: null, locale: 'en' });
  try {
    await page.goto('/');
    const link = page.getByTestId('my-reports-link');
    await link.waitFor({ timeout: 30_000 });
    const [tab] = await Promise.all([context.waitForEvent('page'), link.click({ modifiers: ['Control'] })]);
    await tab.waitForLoadState('domcontentloaded');
    assert.equal(new URL(tab.url()).pathname, '/my-reports');
    assert.equal(new URL(page.url()).pathname, '/', 'the first tab left its page');
  } finally {
    await context.close();
  }
});
