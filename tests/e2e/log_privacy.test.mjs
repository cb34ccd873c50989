// What the server writes to its log must not give residents away: no query position finer than the coarse grid
// (the client sends only grid centres, but anyone can ask with a precise point), no bearer token, no reporter's
// contact details. The real server binary is driven with exactly those inputs — geo queries, a report with
// position and contact details, STA writes and a status change with the token, refused writes with a wrong
// token, and refused reports — and its whole stdout + stderr is searched afterwards. No browser: the client
// plays no part in what the server logs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';

/** A precise position with distinctive digits (Jiefangbei, ~1 cm resolution). */
const PRECISE = { lat: 29.5571234, lon: 106.5779876 };
const TOKEN = 'log-audit-token-5d1c9e';
const WRONG_TOKEN = 'log-audit-wrong-token-88aa';
const CONTACT = {
  email: 'wang.logaudit@example.cn',
  first_name: '王秘密',
  last_name: 'Logauditname',
  phone: '+86 138 0013 8000',
  device_id: 'device-logaudit-4411',
};

let server;

before(async () => {
  process.env.QINGSHUI_RATE_REPORTS_PER_MIN = '0';
  server = await startServer({ env: { QINGSHUI_DEMO_STATIONS: '300', QINGSHUI_WRITE_TOKEN: TOKEN } });
});

after(async () => {
  await server?.stop();
});

/** Every text in the log that would locate the resident to better than ~100 m, or identify them. */
function secrets() {
  const coords = [];
  for (const v of [PRECISE.lat, PRECISE.lon]) {
    const s = String(v);
    const dot = s.indexOf('.');
    // 3 decimals (~100 m) is already finer than the 1 km grid; also the rounded form (…578).
    for (let d = 3; d <= s.length - dot - 1; d++) coords.push(s.slice(0, dot + 1 + d), v.toFixed(d));
  }
  const phoneDigits = CONTACT.phone.replace(/\D/g, '');
  return [
    ...new Set(coords),
    TOKEN,
    WRONG_TOKEN,
    'Bearer',
    CONTACT.email,
    'logaudit@',
    encodeURIComponent(CONTACT.email),
    CONTACT.first_name,
    encodeURIComponent(CONTACT.first_name),
    CONTACT.last_name,
    CONTACT.phone,
    phoneDigits,
    phoneDigits.slice(2), // without the country code
    CONTACT.device_id,
  ];
}

const wktPoint = (p) => `POINT(${p.lon} ${p.lat})`;
const wktBox = (p, d) =>
  `POLYGON((${p.lon - d} ${p.lat - d},${p.lon + d} ${p.lat - d},${p.lon + d} ${p.lat + d},${p.lon - d} ${p.lat + d},${p.lon - d} ${p.lat - d}))`;

async function must(res, ...ok) {
  const body = await res.text();
  assert.ok(ok.includes(res.status), `${res.url} → ${res.status}: ${body.slice(0, 300)}`);
  return body;
}

function form(fields) {
  return new URLSearchParams(fields).toString();
}

test('the server log holds no precise position, no bearer token and no contact details', async () => {
  const sta = server.sta;
  const open311 = `${server.url}/open311/v2`;
  // Nearby as the client asks it, but with the precise point a careless client (or anyone) could send.
  const filter = `st_within(Locations/location,geography'${wktBox(PRECISE, 0.09)}')`;
  const order = `geo.distance(Locations/location,geography'${wktPoint(PRECISE)}')`;
  await must(await fetch(`${sta}/Things?$filter=${encodeURIComponent(filter)}&$orderby=${encodeURIComponent(order)}&$top=20&$select=@iot.id,name`), 200);
  await must(await fetch(`${sta}/Things?$filter=${encodeURIComponent(`geo.distance(Locations/location,geography'${wktPoint(PRECISE)}') lt 0.05`)}&$top=5`), 200, 400);
  // Malformed geo queries go down the error paths, which must not echo them into the log either.
  await must(await fetch(`${sta}/Things?$filter=${encodeURIComponent(`st_within(Locations/location,geography'POINT(${PRECISE.lon} ${PRECISE.lat}`)}`), 400);
  await must(await fetch(`${sta}/Locations?$filter=${encodeURIComponent(`st_equals(location,geography'${wktPoint(PRECISE)}')`)}`), 200, 400);
  // Reports near the precise point (Open311 radius extension).
  await must(await fetch(`${open311}/requests.json?lat=${PRECISE.lat}&long=${PRECISE.lon}&radius=500`), 200);

  // A report with the precise position and every contact field; and one the server refuses with them.
  const report = {
    service_code: 'algae_bloom',
    lat: String(PRECISE.lat),
    long: String(PRECISE.lon),
    address_string: `near ${PRECISE.lat}`,
    description: 'Log audit report',
    ...CONTACT,
  };
  const filed = JSON.parse(
    await must(
      await fetch(`${open311}/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'log-audit-1' },
        body: form(report),
      }),
      201,
    ),
  );
  const id = filed[0].service_request_id;
  await must(
    await fetch(`${open311}/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ ...report, first_name: CONTACT.first_name.repeat(60) }),
    }),
    400,
  );
  // The same report as multipart (the photo path parses fields itself).
  const mp = new FormData();
  for (const [k, v] of Object.entries(report)) mp.append(k, v);
  await must(await fetch(`${open311}/requests.json`, { method: 'POST', body: mp }), 201);
  // Its public copy is snapped; the log is searched below.
  const [pub] = JSON.parse(await must(await fetch(`${open311}/requests/${id}.json`), 200));
  assert.notEqual(pub.lat, PRECISE.lat, 'the public position is not snapped');

  // STA writes with the token (a station at the precise point), and refused ones with a wrong token.
  const thing = {
    name: 'Log audit station',
    description: 'test',
    Locations: [
      { name: 'here', description: 'precise', encodingType: 'application/geo+json', location: { type: 'Point', coordinates: [PRECISE.lon, PRECISE.lat] } },
    ],
  };
  const auth = (t) => ({ 'content-type': 'application/json', authorization: `Bearer ${t}` });
  await must(await fetch(`${sta}/Things`, { method: 'POST', headers: auth(TOKEN), body: JSON.stringify(thing) }), 201);
  await must(await fetch(`${sta}/Things`, { method: 'POST', headers: auth(WRONG_TOKEN), body: JSON.stringify(thing) }), 401, 403);
  await must(await fetch(`${sta}/Things`, { method: 'POST', headers: auth(TOKEN), body: '{"name": ' }), 400);

  // The operator's status change with the token, and a refused one.
  const status = (t) =>
    fetch(`${open311}/requests/${id}/status`, {
      method: 'POST',
      headers: auth(t),
      body: JSON.stringify({ status: 'closed', status_notes: 'Cleared' }),
    });
  await must(await status(TOKEN), 200);
  await must(await status(WRONG_TOKEN), 401, 403);

  // Access log lines are written after each answer; give the last ones a moment.
  await new Promise((r) => setTimeout(r, 300));
  const log = server.log();
  // The capture is real: the requests above are in it (one line each, path and status).
  assert.match(log, /POST \/open311\/v2\/requests\.json 201/, `the access log is not captured:\n${log}`);
  assert.match(log, /POST \/v1\.1\/Things 201/);
  assert.match(log, new RegExp(`POST /open311/v2/requests/${id}/status 200`));
  const leaked = secrets().filter((s) => log.includes(s));
  assert.deepEqual(leaked, [], `the server log contains ${leaked.join(', ')}:\n${log}`);
  // And no other number that looks like a coordinate with 3 or more decimals near the city.
  const coordinateLike = log.match(/\b(?:29|106)\.\d{3,}/g) ?? [];
  assert.deepEqual(coordinateLike, [], `coordinate-like numbers in the log:\n${log}`);
});
