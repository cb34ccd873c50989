// A station an operator ingests through the SensorThings write API shows up for residents, classified
// from its readings: NH3-N 2.6 mg/L breaks the class V limit of 2.0 (GB 3838-2002 Table 1), so 劣V with
// ammonia nitrogen as the deciding item. Writes without the token are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, getJson, waitForStationList, WRITE_TOKEN, DEMO_NOW } from './harness.mjs';

/** Shapingba, away from the positions the other tests use. */
const PHONE = { lat: 29.5411, lon: 106.458 };
/** About 10 m north-east of the phone: nearer than any demo station can plausibly be. */
const STATION = { lat: PHONE.lat + 0.00007, lon: PHONE.lon + 0.00007 };
const READING_TIME = new Date(Date.parse(DEMO_NOW) - 30 * 60_000).toISOString();

const MG_L = { name: 'milligram per litre', symbol: 'mg/L', definition: 'http://qudt.org/vocab/unit/MilliGM-PER-L' };
const PH_UNIT = { name: 'pH', symbol: '', definition: 'http://qudt.org/vocab/unit/PH' };
/** name, unit, reading: every item class I except ammonia nitrogen. */
const READINGS = [
  ['pH', PH_UNIT, 7.4],
  ['Dissolved Oxygen', MG_L, 8.1],
  ['Permanganate Index (CODMn)', MG_L, 1.8],
  ['Ammonia Nitrogen (NH3-N)', MG_L, 2.6],
  ['Total Phosphorus', MG_L, 0.02],
  ['Total Nitrogen', MG_L, 0.2],
];

const e2e = useServerAndBrowser();

function newThing() {
  return {
    name: '端到端测试站',
    description: 'E2E test station',
    properties: { nameEn: 'E2E test station', waterBody: 'river', targetClass: 'III', district: '沙坪坝区', districtEn: 'Shapingba' },
    Locations: [
      {
        name: 'E2E test station',
        description: 'sampling point',
        encodingType: 'application/geo+json',
        location: { type: 'Point', coordinates: [STATION.lon, STATION.lat] },
      },
    ],
    Datastreams: READINGS.map(([name, unit]) => ({
      name: `E2E ${name}`,
      description: `${name} at the E2E test station`,
      observationType: 'http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement',
      unitOfMeasurement: unit,
      ObservedProperty: { name, definition: `urn:qingshui:e2e:${encodeURIComponent(name)}`, description: name },
      Sensor: { name: 'E2E sensor', description: 'test', encodingType: 'text/html', metadata: 'none' },
    })),
  };
}

async function post(path, body, token) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(`${e2e.server.sta}/${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
}

/** The new entity's id from the Location header (Things(17)) or from the body. */
async function createdId(res) {
  const location = res.headers.get('location') ?? '';
  const m = location.match(/\((\d+|'[^']*')\)\s*$/);
  if (m) return m[1].replace(/^'|'$/g, '');
  const body = await res.json();
  return String(body['@iot.id']);
}

test('writes without the bearer token are refused with 401', async () => {
  const res = await post('Things', newThing(), null);
  assert.equal(res.status, 401);
  const wrong = await post('Things', newThing(), 'not-the-token');
  assert.ok([401, 403].includes(wrong.status), `a wrong token got ${wrong.status}`);
});

test('an ingested 劣V station is first in the nearby list with ammonia nitrogen deciding', async () => {
  const created = await post('Things', newThing(), WRITE_TOKEN);
  assert.equal(created.status, 201, `deep insert failed: ${await created.clone().text()}`);
  const id = await createdId(created);

  const thing = await getJson(
    `${e2e.server.sta}/Things(${id})?$select=@iot.id&$expand=Datastreams($select=@iot.id,name;$expand=ObservedProperty($select=name))`,
  );
  assert.equal(thing.Datastreams.length, READINGS.length, 'deep insert did not create six Datastreams');
  for (const [name, , value] of READINGS) {
    const ds = thing.Datastreams.find((d) => d.ObservedProperty?.name === name);
    assert.ok(ds, `no Datastream for ${name}`);
    const res = await post(
      'Observations',
      { result: value, phenomenonTime: READING_TIME, resultTime: READING_TIME, Datastream: { '@iot.id': ds['@iot.id'] } },
      WRITE_TOKEN,
    );
    assert.equal(res.status, 201, `observation for ${name} refused: ${await res.text()}`);
  }

  const { page, context, errors } = await openPage(e2e.browser, e2e.server, { position: PHONE });
  try {
    await page.goto('/');
    await page.getByTestId('locate-button').click();
    const items = await waitForStationList(page);
    assert.equal(items[0]?.id, id, `the new station ${id} is not first: ${items.map((i) => i.id)}`);
    assert.equal(items[0].cls, '劣V');
    assert.match(items[0].deciding, /氨氮|ammonia|NH3-N|NH₃-N/i, `deciding item "${items[0].deciding}"`);
    assert.ok(items[0].metres <= 15, `distance ${items[0].metres} m, the station is ~10 m away`);
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    await context.close();
  }
});
