// The home page's promise: the stations nearest to you, nearest first — checked against the server's own
// data (brute-force distances over every station), with a located phone and with location refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer,
  launchBrowser,
  openPage,
  allStations,
  nearestIds,
  haversineM,
  appConfig,
  waitForStationList,
} from './harness.mjs';

const CLASSES = ['I', 'II', 'III', 'IV', 'V', '劣V'];
/** Jiefangbei, Yuzhong district: the densest part of the demo city. */
const YUZHONG = { lat: 29.5576, lon: 106.577 };
/** Wanzhou district's centre, used when config.json does not list it. */
const WANZHOU = { lat: 30.8078, lon: 108.4086 };

let server;
let browser;
let stations;
let config;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  stations = await allStations(server);
  config = await appConfig(server);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('located phone: the nearby list is the nearest stations of the server, nearest first', async () => {
  assert.ok(stations.length > 0, 'the server lists no stations with a position');
  const count = config.nearby_count ?? 10;
  const expected = nearestIds(stations, YUZHONG, count);

  const { page, context, errors } = await openPage(browser, server, { position: YUZHONG });
  try {
    await page.goto('/');
    await page.getByTestId('locate-button').click();
    const items = await waitForStationList(page);

    assert.deepEqual(
      items.map((i) => i.id),
      expected,
      'station ids in the list differ from the nearest stations by brute-force haversine',
    );
    const byId = new Map(stations.map((s) => [s.id, s]));
    let classified = 0;
    for (const item of items) {
      assert.ok(item.distance.length > 0, `station ${item.id}: no distance text`);
      assert.ok(Number.isInteger(item.metres), `station ${item.id}: data-metres "${item.metres}" is not an integer`);
      const truth = haversineM(YUZHONG, byId.get(item.id));
      assert.ok(
        Math.abs(item.metres - truth) <= 2 + truth * 0.005,
        `station ${item.id}: data-metres ${item.metres} but it is ${truth.toFixed(0)} m from the phone`,
      );
      if (item.cls !== '') {
        assert.ok(CLASSES.includes(item.cls), `station ${item.id}: class text "${item.cls}" is not a GB 3838 class`);
        classified += 1;
      }
    }
    assert.ok(classified > 0, 'no station in the list shows a water class');
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    await context.close();
  }
});

test('location refused: the district picker leads to a list sorted by distance', async () => {
  const { page, context, errors } = await openPage(browser, server, { position: null });
  try {
    await page.goto('/');
    await page.getByTestId('locate-button').click();
    const picker = page.getByTestId('district-select');
    await picker.waitFor({ timeout: 30_000 });
    // Wanzhou lies ~230 km from the default centre, so a list that ignored the choice cannot pass.
    await picker.selectOption('万州区');
    const wanzhou = (config.districts ?? []).find((d) => d.name === '万州区') ?? WANZHOU;
    const byId = new Map(stations.map((s) => [s.id, s]));
    const nearWanzhou = (id) => byId.has(id) && haversineM(wanzhou, byId.get(id)) < 60_000;
    const firstId = () =>
      page.evaluate(() => document.querySelector('[data-testid="station-list"] li[data-station-id]')?.dataset.stationId);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !nearWanzhou(await firstId())) await page.waitForTimeout(250);
    const status = await page.getByTestId('nearby-status').textContent();
    assert.ok(nearWanzhou(await firstId()), `after choosing 万州区 no list near Wanzhou within 60 s; status: "${status}"`);
    const items = await waitForStationList(page);

    assert.ok(items.length > 0, 'the list is empty');
    const metres = items.map((i) => i.metres);
    assert.ok(metres.every(Number.isInteger), `data-metres not all integers: ${metres}`);
    assert.deepEqual(metres, [...metres].sort((x, y) => x - y), 'the list is not sorted by distance');
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    await context.close();
  }
});
