// The same app build against another conformant SensorThings service: one without geo functions, with
// string @iot.id values, "+00:00" times, omitted nulls and relative paging links (tests/e2e/sta-variant.mjs,
// in front of the real server). The nearby list must come from the cached station index computed on the
// phone and match the real server's data; station pages must work with string ids.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer,
  launchBrowser,
  openPage,
  getJson,
  allStations,
  nearestIds,
  appConfig,
  waitForStationList,
} from './harness.mjs';
import { startVariant } from './sta-variant.mjs';

/** Jiefangbei, Yuzhong district: the densest part of the demo city. */
const YUZHONG = { lat: 29.5576, lon: 106.577 };
const PARAMS = ['ph', 'do', 'codmn', 'cod', 'bod5', 'nh3n', 'tp', 'tn', 'other'];

let server;
let variant;
let browser;
let stations;
let config;

before(async () => {
  server = await startServer();
  variant = await startVariant(server);
  browser = await launchBrowser();
  stations = await allStations(server);
  config = await appConfig(server);
});

after(async () => {
  await browser?.close();
  await variant?.stop();
  await server?.stop();
});

const ofKind = (kind) => variant.requests.filter((r) => r.kind === kind);

/** Pages of the station index on the real server: what a complete walk of the nextLinks fetches. */
const indexPages = () => Math.max(1, Math.ceil(stations.length / 1000));

async function locatedList(page) {
  await page.goto('/');
  await page.getByTestId('locate-button').click();
  return waitForStationList(page);
}

/**
 * The nearby list as a returning resident gets it through the variant: with location already granted the
 * app locates by itself on load; only when it has not started within 15 s is "use my location" tapped.
 */
async function autoList(page, { reload = false } = {}) {
  const since = variant.requests.length;
  await (reload ? page.reload() : page.goto('/'));
  const deadline = Date.now() + 15_000;
  const started = () => variant.requests.slice(since).some((r) => r.kind === 'geo');
  while (!started() && Date.now() < deadline) await page.waitForTimeout(100);
  if (!started()) await page.getByTestId('locate-button').click();
  return waitForStationList(page);
}

async function stationPage(page) {
  const title = page.getByTestId('station-title');
  await title.waitFor({ timeout: 30_000 });
  await page.getByTestId('deciding-item').first().waitFor({ timeout: 30_000 });
  await page.getByTestId('param-row').first().waitFor({ timeout: 30_000 });
  return {
    title: (await title.textContent()).trim(),
    cls: ((await page.getByTestId('station-class').first().textContent()) ?? '').trim(),
    deciding: (await page.getByTestId('deciding-item').first().textContent()).trim(),
    params: await page.$$eval('[data-testid="param-row"]', (rows) => rows.map((r) => r.getAttribute('data-param'))),
  };
}

test('the variant differs from the reference server as a conformant service may', async () => {
  // Guards the tests below: a variant that passed everything through would prove nothing.
  const point = "geography'POINT(106.5 29.5)'";
  const geo = await fetch(`${variant.sta}/Things?$orderby=geo.distance(Locations/location,${point})`);
  assert.equal(geo.status, 400, 'a geo query must be refused');
  assert.equal(typeof (await geo.json()).message, 'string', 'the refusal is not an STA error body');
  const first = await getJson(
    `${variant.sta}/Things?$select=@iot.id,name&$expand=Locations($select=location)&$top=1000`,
  );
  assert.match(String(first.value[0]['@iot.id']), /^st-\d+$/, 'ids are not non-numeric strings');
  if (stations.length > 1000) {
    assert.ok(first['@iot.nextLink'] && !first['@iot.nextLink'].includes('://'), 'nextLink is not relative');
  }
  const id = first.value[0]['@iot.id'];
  const thing = await getJson(
    `${variant.sta}/Things('${id}')?$expand=Datastreams($expand=Observations($top=1;$orderby=phenomenonTime desc))`,
  );
  const text = JSON.stringify(thing);
  assert.ok(!/\d\dZ"/.test(text), 'a time still ends in Z');
  assert.match(text, /\+00:00"/, 'no +00:00 time in the answer');
  assert.ok(!text.includes(':null'), 'a null member was kept');
  assert.equal((await fetch(`${variant.sta}/Things(${id.slice(3)})`)).status, 404, 'a numeric key was accepted');
});

test('no geo functions, string ids: the nearby list comes from the index on the phone and matches', async () => {
  assert.ok(stations.length > 0, 'the server lists no stations with a position');
  const count = config.nearby_count ?? 10;
  const expected = nearestIds(stations, YUZHONG, count).map(variant.thingId);

  const real = await openPage(browser, server, { position: YUZHONG });
  let reference;
  try {
    reference = await locatedList(real.page);
  } finally {
    await real.context.close();
  }

  variant.clear();
  const { page, context, errors } = await openPage(browser, variant, { position: YUZHONG });
  try {
    const items = await autoList(page);
    assert.deepEqual(
      items.map((i) => i.id),
      expected,
      'station ids through the variant differ from the nearest stations by brute-force haversine',
    );

    const geo = ofKind('geo');
    const index = ofKind('index');
    assert.ok(geo.length >= 1, 'the app never tried the geo query');
    assert.ok(geo.every((r) => r.status === 400), 'a geo query was not refused');
    assert.ok(index.length >= 1, 'the app never requested the station index');
    assert.ok(
      variant.requests.indexOf(geo[0]) < variant.requests.indexOf(index[0]),
      'the index was fetched before the geo query was refused',
    );
    assert.ok(index.every((r) => r.status === 200 && r.query.includes('$top=1000')), 'an index page was not $top=1000');
    assert.equal(index.length, indexPages(), 'the index was not paged to its end through @iot.nextLink');
    assert.ok(ofKind('byIds').some((r) => r.status === 200), 'no details were fetched for the nearest stations');
    const refused = variant.requests.filter((r) => r.kind !== 'geo' && r.kind !== 'app' && r.status >= 400);
    assert.deepEqual(refused, [], 'the app sent requests the string-id service refused');

    // Same stations, same classes, deciding items and distances as on the reference server.
    assert.deepEqual(
      items,
      reference.map((i) => ({ ...i, id: variant.thingId(i.id) })),
      'the list differs from the same list on the reference server',
    );
    assert.ok(
      items.some((i) => i.cls !== ''),
      'no station shows a class: "+00:00" readings were not understood as fresh',
    );
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    await context.close();
  }
});

test('a station page opened through a string id shows title, deciding item and parameter rows', async () => {
  const { page, context, errors } = await openPage(browser, variant, { position: YUZHONG });
  let shown;
  let numericId;
  try {
    const [first] = await autoList(page);
    assert.match(first.id, /^st-\d+$/, `list item id "${first.id}" is not the service's string id`);
    numericId = first.id.slice(3);
    const card = page.locator(`[data-testid="station-list"] li[data-station-id="${first.id}"]`);
    const link = card.locator('a').first();
    variant.clear();
    await ((await link.count()) > 0 ? link : card).click();
    await page.waitForURL(`**/station/${first.id}`, { timeout: 30_000 });

    shown = await stationPage(page);
    const thing = await getJson(`${server.sta}/Things(${numericId})?$select=@iot.id,name,properties`);
    const names = [thing.name, thing.properties?.nameEn].filter(Boolean);
    assert.ok(
      names.some((n) => shown.title.includes(n)),
      `title "${shown.title}" names neither ${JSON.stringify(names)}`,
    );
    assert.ok(shown.deciding.length > 0, 'the deciding item is empty');
    assert.ok(shown.params.length > 0, 'no parameter rows');
    for (const p of shown.params) assert.ok(PARAMS.includes(p), `param-row data-param "${p}" is not in the contract`);
    const asked = ofKind('station');
    assert.ok(
      asked.some((r) => r.path === `/v1.1/Things('${first.id}')` && r.status === 200),
      `the page did not ask for Things('${first.id}'): ${JSON.stringify(asked)}`,
    );

    const response = await page.reload();
    assert.equal(response.status(), 200, '/station/<string id> is not served the app on reload');
    assert.equal((await stationPage(page)).title, shown.title, 'the reloaded page shows another station');
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    await context.close();
  }

  // The same station on the reference server, by its numeric id, reads the same.
  const real = await openPage(browser, server, { position: null });
  try {
    await real.page.goto(`/station/${numericId}`);
    assert.deepEqual(await stationPage(real.page), shown, 'the station page differs from the reference server');
  } finally {
    await real.context.close();
  }
});

test('a reload uses the cached station index instead of downloading it again', async () => {
  const { page, context, errors } = await openPage(browser, variant, { position: YUZHONG });
  try {
    variant.clear();
    const before = await autoList(page);
    assert.equal(ofKind('index').length, indexPages(), 'a fresh context did not download the index');
    assert.ok(
      await page.evaluate(() => localStorage.getItem('qingshui.index') !== null),
      'the index was not kept in localStorage',
    );

    variant.clear();
    const after = await autoList(page, { reload: true });
    assert.deepEqual(ofKind('index'), [], 'the reload downloaded the index again');
    assert.ok(ofKind('byIds').some((r) => r.status === 200), 'the reload fetched no station details');
    assert.deepEqual(
      after.map((i) => i.id),
      before.map((i) => i.id),
      'the list from the cached index differs from the first one',
    );
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    await context.close();
  }
});

test('tapping "use my location" while the index is still downloading does not download it twice', async () => {
  // A returning resident on a slow connection: the automatic locate is paging through the index when they
  // tap the button. The index is the biggest download the app makes; it must not be fetched twice at once.
  const { page, context, errors } = await openPage(browser, variant, { position: YUZHONG });
  variant.slow('index', 300);
  try {
    variant.clear();
    await page.goto('/');
    const deadline = Date.now() + 30_000;
    while (ofKind('index').length === 0 && Date.now() < deadline) await page.waitForTimeout(50);
    assert.ok(ofKind('index').length > 0, 'the automatic locate did not start the index download within 30 s');
    await page.getByTestId('locate-button').click();
    const items = await waitForStationList(page);
    assert.deepEqual(
      items.map((i) => i.id),
      nearestIds(stations, YUZHONG, config.nearby_count ?? 10).map(variant.thingId),
      'the list after the tap is not the nearest stations',
    );
    const pages = ofKind('index').map((r) => r.query);
    assert.equal(
      pages.length,
      indexPages(),
      `the index has ${indexPages()} pages but ${pages.length} page requests were made ` +
        `(${new Set(pages).size} distinct)`,
    );
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    variant.slow('index', 0);
    await context.close();
  }
});
