// The contract's requests (docs/contracts.md, "The requests the client makes"), built exactly as
// qingshui-core's `sta::urls` builds them: same coarsening, same box, same 6-decimal WKT, same encoding.
// Kept in step with core/src/sta/urls.rs and core/src/geo.rs by hand (bench.mjs fails loudly on any non-200
// answer, so a drift that breaks a request shows at once).

const EARTH_RADIUS_M = 6_371_008.8;
const METRES_PER_DEGREE_LAT = 111_320.0;
const toDeg = (r) => (r * 180) / Math.PI;
const toRad = (d) => (d * Math.PI) / 180;

/** `EXPAND_LATEST` of the contract. */
export const EXPAND_LATEST =
  'Locations($select=location),Datastreams($select=@iot.id,name,unitOfMeasurement;$expand=ObservedProperty($select=name,definition),Observations($select=result,phenomenonTime;$orderby=phenomenonTime desc;$top=1))';
const SELECT_LIST = '@iot.id,name,properties';
const SAFE = /[A-Za-z0-9\-._~$(),/=;@:*]/;

/** Percent-encodes a query value: ASCII letters, digits and `-._~$(),/=;@:*` stay, all other bytes are %XX. */
export function encodeQueryValue(s) {
  let out = '';
  for (const b of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(b);
    out += b < 128 && SAFE.test(c) ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

const wrapLon = (lon) => ((((lon + 180) % 360) + 360) % 360) - 180;

/** `core::geo::coarsen`: the centre of the ~grid_m cell, what leaves the phone. */
export function coarsen({ lat, lon }, gridM = 1000) {
  const latStep = gridM / METRES_PER_DEGREE_LAT;
  const la = Math.min(90, Math.max(-90, lat));
  const row = Math.floor(la / latStep);
  const centreLat = Math.min(90, Math.max(-90, (row + 0.5) * latStep));
  const cos = Math.max(Math.cos(toRad(centreLat)), 1e-9);
  const lonStep = Math.min(latStep / cos, 360);
  const col = Math.floor((wrapLon(lon) + 180) / lonStep);
  return { lat: centreLat, lon: wrapLon((col + 0.5) * lonStep - 180) };
}

/** `core::geo::BBox::around(p, r).to_wkt_polygon()`. */
export function boxWkt({ lat, lon }, radiusM) {
  const dlat = toDeg(Math.max(radiusM, 0) / EARTH_RADIUS_M);
  const minLat = Math.max(lat - dlat, -90);
  const maxLat = Math.min(lat + dlat, 90);
  const cos = Math.cos(toRad(Math.max(Math.abs(minLat), Math.abs(maxLat))));
  const dlon = cos > 1e-9 ? Math.min(dlat / cos, 180) : 180;
  const minLon = Math.max(lon - dlon, -180);
  const maxLon = Math.min(lon + dlon, 180);
  const f = (x) => x.toFixed(6);
  const ring = [
    [minLon, minLat],
    [maxLon, minLat],
    [maxLon, maxLat],
    [minLon, maxLat],
    [minLon, minLat],
  ].map(([x, y]) => `${f(x)} ${f(y)}`);
  return `POLYGON((${ring.join(',')}))`;
}

const pointWkt = ({ lat, lon }) => `POINT(${lon.toFixed(6)} ${lat.toFixed(6)})`;

function build(sta, path, params) {
  const q = params.map(([k, v]) => `${k}=${encodeQueryValue(v)}`).join('&');
  return `${sta.replace(/\/+$/, '')}/${path}?${q}`;
}

/** Request 1, "Nearby": `radiusM` null = the last widening step, without `st_within`. */
export function nearby(sta, coarse, radiusM, top = 20) {
  const params = [];
  if (radiusM != null) params.push(['$filter', `st_within(Locations/location,geography'${boxWkt(coarse, radiusM)}')`]);
  params.push(
    ['$orderby', `geo.distance(Locations/location,geography'${pointWkt(coarse)}')`],
    ['$top', String(top)],
    ['$select', SELECT_LIST],
    ['$expand', EXPAND_LATEST],
  );
  return build(sta, 'Things', params);
}

/** `core::time::format`: ms → `2026-11-28T08:00:00Z` (whole seconds). */
const isoSeconds = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** `core::sta::urls::STATION_SINCE_STEP_MS`: the station page's `since` is rounded down to the hour. */
const STATION_SINCE_STEP_MS = 3_600_000;

/** Request 2, "Station page", readings since `sinceMs` rounded down to the hour (as core does, so repeats share a URL). */
export function station(sta, id, sinceMs) {
  const since = Math.floor(sinceMs / STATION_SINCE_STEP_MS) * STATION_SINCE_STEP_MS;
  const expand = `Locations($select=location),Datastreams($select=@iot.id,name,unitOfMeasurement;$expand=ObservedProperty($select=name,definition),Observations($select=result,phenomenonTime;$orderby=phenomenonTime desc;$top=100;$filter=phenomenonTime ge ${isoSeconds(since)}))`;
  return build(sta, `Things(${id})`, [
    ['$select', '@iot.id,name,description,properties'],
    ['$expand', expand],
  ]);
}
