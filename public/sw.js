// Qingshui's service worker: lets the app open without a network (on the bus, in a lift, in a dead zone)
// and shows the last station data it saw. It is an extra, never a requirement: many web-views (iOS apps,
// WeChat) have no service workers, and the app keeps its own copy of the last results in localStorage.
//
// scripts/build.sh replaces the two placeholders below with this build's id and its files, so each build
// gets its own shell cache and the old one is dropped once the new worker takes over.
const BUILD = '__QINGSHUI_BUILD__';
const SHELL_FILES = ['__QINGSHUI_SHELL__'];
// The lazily loaded wasm chunks among them (other pages, the outbox sender): fetched by the app only when needed.
const LAZY_FILES = ['__QINGSHUI_LAZY__'];
// Install stores what the first view needs. Outside lite mode the page then asks for the rest (the message
// below; src/platform/service_worker.rs): every page's code, so reporting works offline without having opened
// the report page online. A resident saving data (lite mode) does not get ~210 KiB of other pages' code in the
// background: the pages they open are kept as they are fetched, so those still open offline. One worker serves
// both modes; switching modes never replaces it.
const STORE_ALL_PAGES = 'store-all-pages';

const SHELL_CACHE = `qingshui-shell-${BUILD}`;
// Every route is the SPA's index.html, beside this worker (`/`, or `/water/` for a sub-path build).
const SHELL_PAGE = new URL('index.html', self.registration.scope).pathname;
// Kept across builds: the data does not change with the app.
const DATA_CACHE = 'qingshui-sta';
// The last nearby and station answers; a few dozen are a few hundred kilobytes.
const DATA_MAX = 30;
// A page that hangs on a bad connection falls back to the stored shell after this long.
const NAVIGATION_TIMEOUT_MS = 5000;
// `qingshui-0123456789.js`: the name changes with the content, so the stored copy is always right.
const HASHED = /-[0-9a-f]{8,}\.[a-z0-9]+$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      // Hashed files come from the HTTP cache the page has just filled (no second download of the wasm on
      // a slow link); the others skip it (`reload`), so the shell is this build's, never an older copy.
      .then((cache) =>
        cache.addAll(
          SHELL_FILES.filter((url) => !LAZY_FILES.includes(url)).map(
            (url) => new Request(url, { cache: HASHED.test(url) ? 'default' : 'reload' }),
          ),
        ),
      )
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith('qingshui-shell-') && key !== SHELL_CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      // Control the page that installed us, so it already opens offline next time.
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data !== STORE_ALL_PAGES) return;
  // Only what is not stored yet (a hashed name never changes, so a stored chunk is always right), each file on its
  // own: when the connection drops halfway, what already arrived stays stored, and the next app start asks again.
  event.waitUntil(
    caches.open(SHELL_CACHE).then((cache) =>
      Promise.allSettled(
        LAZY_FILES.map(async (url) => {
          if (!(await cache.match(url))) await cache.add(url);
        }),
      ),
    ),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(page(request));
  } else if (isStationData(url)) {
    event.respondWith(data(request));
  } else if (HASHED.test(url.pathname) || url.pathname.startsWith('/snippets/')) {
    event.respondWith(stored(request));
  } else if (SHELL_FILES.includes(url.pathname)) {
    event.respondWith(fresh(request));
  }
  // Everything else (reports, photos, the station index) goes to the network untouched.
});

/** SensorThings answers with readings: the nearby list, a station page, a search (the APIs stay at the root). */
function isStationData(url) {
  return url.pathname.startsWith('/v1.1/') && decodeURIComponent(url.search).includes('Observations');
}

/** A page: the network's index.html when it answers in time, else the stored one (every route is the SPA). */
async function page(request) {
  const network = fetch(request);
  network.catch(() => {}); // a late failure after the timeout is already handled below
  const timeout = new Promise((resolve) => setTimeout(resolve, NAVIGATION_TIMEOUT_MS));
  try {
    const answer = await Promise.race([network, timeout]);
    if (answer) return answer;
  } catch {
    // offline: fall through to the stored shell
  }
  const shell = await caches.match(SHELL_PAGE, { cacheName: SHELL_CACHE });
  return shell ?? network;
}

/** Network first, remembering the answer; the remembered answer when the network fails. */
async function data(request) {
  const cache = await caches.open(DATA_CACHE);
  try {
    const answer = await fetch(request);
    if (answer.ok) {
      // Delete first so the entry moves to the end of the key order, which is what trimming reads.
      await cache.delete(request);
      await cache.put(request, answer.clone());
      const keys = await cache.keys();
      await Promise.all(keys.slice(0, Math.max(0, keys.length - DATA_MAX)).map((key) => cache.delete(key)));
    }
    return answer;
  } catch (error) {
    const kept = await cache.match(request);
    if (kept) return kept;
    throw error;
  }
}

/** Cache first: a hashed file never changes. A page's code not stored yet (lite mode) is kept once fetched. */
async function stored(request) {
  const kept = await caches.match(request);
  if (kept) return kept;
  const answer = await fetch(request);
  if (answer.ok && LAZY_FILES.includes(new URL(request.url).pathname)) {
    const copy = answer.clone();
    caches.open(SHELL_CACHE).then((cache) => cache.put(request, copy)).catch(() => {});
  }
  return answer;
}

/** Network first for the unhashed shell files (config.json, icons): the stored copy only offline. */
async function fresh(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const kept = await caches.match(request, { cacheName: SHELL_CACHE });
    if (kept) return kept;
    throw error;
  }
}
