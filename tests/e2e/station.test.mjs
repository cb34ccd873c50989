// The station page reached from the list, and the same page opened straight from its address (a shared
// link, or a reload): the server must hand /station/ID the app, and the app must route it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, getJson, waitForStationList } from './harness.mjs';

const PARAMS = ['ph', 'do', 'codmn', 'cod', 'bod5', 'nh3n', 'tp', 'tn', 'other'];
const YUZHONG = { lat: 29.5576, lon: 106.577 };

const e2e = useServerAndBrowser();

async function stationPage(page) {
  const title = page.getByTestId('station-title');
  await title.waitFor({ timeout: 30_000 });
  await page.getByTestId('deciding-item').first().waitFor({ timeout: 30_000 });
  await page.getByTestId('param-row').first().waitFor({ timeout: 30_000 });
  return {
    title: (await title.textContent()).trim(),
    deciding: (await page.getByTestId('deciding-item').first().textContent()).trim(),
    params: await page.$$eval('[data-testid="param-row"]', (rows) => rows.map((r) => r.getAttribute('data-param'))),
  };
}

test('station page: title, deciding item and parameter rows; reload of /station/ID works', async () => {
  const { page, context, errors } = await openPage(e2e.browser, e2e.server, { position: YUZHONG });
  try {
    await page.goto('/');
    await page.getByTestId('locate-button').click();
    const [first] = await waitForStationList(page);
    const card = page.locator(`[data-testid="station-list"] li[data-station-id="${first.id}"]`);
    const link = card.locator('a').first();
    await ((await link.count()) > 0 ? link : card).click();
    await page.waitForURL(`**/station/${first.id}`, { timeout: 30_000 });

    const thing = await getJson(`${e2e.server.sta}/Things(${first.id})?$select=@iot.id,name,properties`);
    const names = [thing.name, thing.properties?.nameEn].filter(Boolean);
    const shown = await stationPage(page);
    assert.ok(
      names.some((n) => shown.title.includes(n)),
      `title "${shown.title}" names neither ${JSON.stringify(names)}`,
    );
    assert.ok(shown.deciding.length > 0, 'the deciding item is empty');
    assert.ok(shown.params.length > 0, 'no parameter rows');
    for (const p of shown.params) assert.ok(PARAMS.includes(p), `param-row data-param "${p}" is not in the contract`);

    const response = await page.reload();
    assert.equal(response.status(), 200, '/station/ID is not served the app on reload');
    const reloaded = await stationPage(page);
    assert.equal(reloaded.title, shown.title, 'the reloaded page shows another station');
    assert.deepEqual(reloaded.params, shown.params);
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    await context.close();
  }
});

test('an unknown station id says so instead of showing a station', async () => {
  const { page, context } = await openPage(e2e.browser, e2e.server, { position: null });
  try {
    const response = await page.goto('/station/999999999');
    assert.equal(response.status(), 200, 'the SPA fallback must serve the app for any /station/ID');
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    assert.equal(await page.getByTestId('param-row').count(), 0, 'parameter rows shown for a station that does not exist');
  } finally {
    await context.close();
  }
});
