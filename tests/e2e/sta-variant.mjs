// Another conformant SensorThings v1.1 service, made from the real one: a small loopback HTTP server in
// front of the real qingshui-server that behaves the way other implementations legitimately do, so the
// e2e tests can prove the same app build works against them. It differs from the reference server in
// exactly the ways docs/contracts.md says the client must tolerate:
//   1. no geo functions: any $filter / $orderby using geo.distance, st_within, st_intersects (…) → 400 with
//      an STA error body, as a server without the geo conformance class answers;
//   2. string @iot.id values that are not all digits ("st-17" for Thing 17, "ds-5" for Datastream 5 …);
//      entity keys and id filters must be quoted strings — an unquoted number is refused, as a
//      string-keyed server would — and are mapped back to the real server's numbers;
//   3. times with "+00:00" instead of "Z", null members omitted, and @iot.nextLink relative to the
//      request (other links absolute at this service's own origin).
// Every other path (the app, config.json, Open311) is proxied unchanged, so the app's sta_url "/v1.1" works
// as-is with this service as the page's origin. Each request is recorded for the tests to inspect.
import { createServer, request as httpRequest } from 'node:http';

const PREFIX = '/v1.1';
/** String-id prefix per entity set (and its singular navigation name). */
const PREFIXES = {
  Things: 'st',
  Thing: 'st',
  Locations: 'loc',
  Location: 'loc',
  HistoricalLocations: 'hl',
  Datastreams: 'ds',
  Datastream: 'ds',
  Sensors: 'sen',
  Sensor: 'sen',
  ObservedProperties: 'op',
  ObservedProperty: 'op',
  Observations: 'obs',
  FeaturesOfInterest: 'foi',
  FeatureOfInterest: 'foi',
};
const SETS = Object.keys(PREFIXES).join('|');
const ID_PREFIXES = [...new Set(Object.values(PREFIXES))].join('|');
const GEO_FUNCTIONS = new RegExp(
  '\\b(geo\\.distance|geo\\.intersects|geo\\.length|st_within|st_intersects|st_contains|st_equals|st_disjoint|' +
    'st_touches|st_overlaps|st_crosses|st_relate)\\s*\\(',
  'i',
);
/** A quoted string id of this service, raw or percent-encoded quotes. */
const QUOTED_ID = new RegExp(`(?:'|%27)(?:${ID_PREFIXES})-(\\d+)(?:'|%27)`, 'gi');
/** An unquoted numeric entity key in a path, which a string-keyed service does not know. */
const NUMERIC_KEY = new RegExp(`/(?:${SETS})\\(\\d+\\)`);
/** An id filter compared with a number. */
const NUMERIC_ID_FILTER = /@iot\.id\s+(?:eq|ne|gt|ge|lt|le)\s+\d/i;
/** An RFC 3339 instant or interval in UTC written with Z. */
const INSTANT_Z = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(?::\\d\\d(?:\\.\\d+)?)?Z';
const UTC_TIME = new RegExp(`^${INSTANT_Z}(?:/${INSTANT_Z})?$`);
/** Bodies above this are not rewritten but refused: the demo's biggest page is a few megabytes. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** A hung upstream must not hang the tests. */
const UPSTREAM_TIMEOUT_MS = 60_000;

function decode(s) {
  try {
    return decodeURIComponent(s.replace(/\+/g, '%2B'));
  } catch {
    return s;
  }
}

/** The entity set a resource path ends in (`/v1.1/Things(1)/Datastreams` → `Datastreams`). */
function lastSet(path) {
  const segments = path.split('/').filter(Boolean);
  const last = segments.at(-1) ?? '';
  return last.replace(/\(.*\)$/, '');
}

/** Starts the variant in front of `upstream` (`{ url }` of the real server); resolves once listening. */
export async function startVariant(upstream) {
  const target = new URL(upstream.url);
  const requests = [];
  const delays = new Map();
  let origin = '';

  // Absolute links of the real server → this service's origin, with string keys.
  const rewriteLink = (link) =>
    link
      .split(target.origin)
      .join(origin)
      .replace(new RegExp(`/(${SETS})\\((\\d+)\\)`, 'g'), (_, set, n) => `/${set}('${PREFIXES[set]}-${n}')`);

  // The request's own directory, so a nextLink can be written relative to it.
  const relativeTo = (requestPath, link) => {
    const url = new URL(link);
    const dir = requestPath.slice(0, requestPath.lastIndexOf('/') + 1);
    return url.pathname.startsWith(dir) && !url.pathname.slice(dir.length).includes('/')
      ? url.pathname.slice(dir.length) + url.search
      : url.pathname + url.search;
  };

  const rewrite = (value, set, requestPath, topLevel) => {
    if (Array.isArray(value)) return value.map((v) => rewrite(v, set, requestPath, false));
    if (typeof value === 'string') return UTC_TIME.test(value) ? value.replace(/Z/g, '+00:00') : value;
    if (value === null || typeof value !== 'object') return value;
    const out = {};
    for (const [key, v] of Object.entries(value)) {
      if (v === null) continue;
      if (key === '@iot.id' && typeof v === 'number') {
        out[key] = `${PREFIXES[set] ?? 'id'}-${v}`;
      } else if (key.endsWith('@iot.nextLink') && typeof v === 'string') {
        out[key] = key === '@iot.nextLink' && topLevel ? relativeTo(requestPath, rewriteLink(v)) : rewriteLink(v);
      } else if (key.endsWith('Link') && typeof v === 'string') {
        out[key] = rewriteLink(v);
      } else if (key === 'value' && topLevel) {
        out[key] = rewrite(v, set, requestPath, false);
      } else if (PREFIXES[key]) {
        out[key] = rewrite(v, key, requestPath, false);
      } else {
        // properties, location, unitOfMeasurement, result …: no entities inside, but times may be.
        out[key] = rewrite(v, null, requestPath, false);
      }
    }
    return out;
  };

  const staError = (res, status, message) => {
    res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
    res.end(JSON.stringify({ code: status, type: 'error', message }));
    return status;
  };

  const classify = (path, query) => {
    if (!path.startsWith(PREFIX)) return 'app';
    if (GEO_FUNCTIONS.test(query)) return 'geo';
    if (/\$filter=[^&]*@iot\.id/i.test(query)) return 'byIds';
    if (/\/Things\([^/]*\)$/.test(path)) return 'station';
    if (path === `${PREFIX}/Things` && /\$select=@iot\.id,name(&|$)/.test(query) && !/\$filter=/.test(query)) {
      return 'index';
    }
    return 'sta';
  };

  const handle = (req, res) => {
    const url = new URL(req.url, 'http://variant');
    const path = decode(url.pathname);
    const query = decode(url.search.slice(1));
    const record = { method: req.method, path, query, kind: classify(path, query), status: 0 };
    requests.push(record);
    const done = (status) => (record.status = status);

    if (record.kind !== 'app') {
      if (GEO_FUNCTIONS.test(query)) {
        const fn = query.match(GEO_FUNCTIONS)[1];
        return done(staError(res, 400, `Unsupported function '${fn}': this service does not implement geo functions`));
      }
      if (NUMERIC_KEY.test(path)) return done(staError(res, 404, `Nothing found: ids of this service are strings`));
      if (NUMERIC_ID_FILTER.test(query)) {
        return done(staError(res, 400, `Incompatible types in $filter: @iot.id is a string, compared with a number`));
      }
    }
    const delay = delays.get(record.kind) ?? 0;
    if (delay > 0) setTimeout(() => forward(req, res, url, path, record, done), delay).unref();
    else forward(req, res, url, path, record, done);
  };

  const forward = (req, res, url, path, record, done) => {
    const upstreamPath = record.kind === 'app' ? req.url : req.url.replace(QUOTED_ID, '$1');
    const headers = { ...req.headers, host: target.host };
    if (record.kind !== 'app') delete headers['accept-encoding'];
    const up = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: upstreamPath, headers },
      (upRes) => {
        const json = (upRes.headers['content-type'] ?? '').includes('json');
        if (record.kind === 'app' || !json) {
          res.writeHead(upRes.statusCode, upRes.headers);
          upRes.pipe(res);
          done(upRes.statusCode);
          return;
        }
        const chunks = [];
        let size = 0;
        upRes.on('data', (c) => {
          size += c.length;
          if (size > MAX_BODY_BYTES) upRes.destroy(new Error('upstream answer too large'));
          else chunks.push(c);
        });
        upRes.on('error', (e) => done(staError(res, 502, String(e))));
        upRes.on('end', () => {
          let body;
          try {
            const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            body = JSON.stringify(rewrite(parsed, lastSet(path), url.pathname, true));
          } catch (e) {
            return done(staError(res, 502, `unreadable upstream answer: ${e}`));
          }
          const out = { ...upRes.headers, 'content-type': 'application/json;charset=UTF-8' };
          delete out['content-length'];
          delete out['content-encoding'];
          delete out['transfer-encoding'];
          out['content-length'] = Buffer.byteLength(body);
          res.writeHead(upRes.statusCode, out);
          res.end(body);
          done(upRes.statusCode);
        });
      },
    );
    up.setTimeout(UPSTREAM_TIMEOUT_MS, () => up.destroy(new Error('upstream timed out')));
    up.on('error', (e) => {
      if (!res.headersSent) done(staError(res, 502, `upstream: ${e.message}`));
      else res.destroy();
    });
    req.pipe(up);
  };

  const server = createServer(handle);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  origin = `http://127.0.0.1:${server.address().port}`;
  return {
    url: origin,
    sta: `${origin}${PREFIX}`,
    /**
     * Every request so far, oldest first: `{ method, path, query (both decoded), kind, status }`; `kind` is
     * `geo` (refused), `index` (the station index request and its pages), `byIds`, `station` (one Thing),
     * `sta` (any other SensorThings request) or `app` (everything else, proxied unchanged).
     */
    requests,
    /** Forgets the recorded requests (e.g. before a reload whose requests are counted). */
    clear: () => requests.splice(0, requests.length),
    /** Answers requests of `kind` (see `requests`) `ms` later, as a slow server or network would; 0 = at once. */
    slow: (kind, ms) => delays.set(kind, ms),
    /** The string id this service gives the real server's Thing `n`. */
    thingId: (n) => `${PREFIXES.Things}-${n}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
