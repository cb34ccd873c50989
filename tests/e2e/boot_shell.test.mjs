// The first view of the home page, the report form and My reports comes from index.html's shell before the app
// has arrived (issue #6: the wasm takes seconds on a slow network). The shell picks the language and display modes
// by the app's rules; here each case is drawn twice, once with the wasm held back (the shell alone) and once in
// full, and every word and box of the page's top must be the same in both, so the app taking over moves and
// changes nothing. The largest paint is the shell's: the app's identical copy is not a new one (Lighthouse's LCP
// no longer waits for the wasm).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './harness.mjs';

const e2e = useServerAndBrowser();

// What the resident sees at the top of a page: the shell's element and the app's, by role.
const HEADER = {
  brand: ['#boot .brand', '.brand'],
  report: ['#boot .nav a[href$="/report"]', '[data-testid="report-link"]'],
  mine: ['#boot .nav a[href$="/my-reports"]', '[data-testid="my-reports-link"]'],
  lang: ['#boot-lang', '[data-testid="lang-switch"]'],
};
const HOME = {
  ...HEADER,
  heading: ['#boot [data-boot-page="/"] h1', '#main h1'],
  elder: ['#boot-elder', '[data-testid="elder-toggle"]'],
  why: ['#boot [data-boot-page="/"] .why', '#main .why'],
  locate: ['#boot [data-boot-page="/"] .button-primary', '[data-testid="locate-button"]'],
};
// The report form and My reports: heading and introduction (what follows them is the server's or the phone's).
const PAGE = {
  ...HEADER,
  heading: ['#boot [data-boot-page] h1', '#main h1'],
  why: ['#boot [data-boot-page] .why', '#main .why'],
};

/** Text, box, `lang` and `aria-pressed` of each part (the shell's when `shell`, else the app's). */
function measure(page, shell, parts) {
  return page.evaluate(
    ({ parts, shell }) => {
      const out = { htmlLang: document.documentElement.lang, classes: [...document.documentElement.classList].sort() };
      for (const [name, [inShell, inApp]] of Object.entries(parts)) {
        const el = shell ? document.querySelector(inShell) : [...document.querySelectorAll(inApp)].find((e) => !e.closest('#boot'));
        if (!el) {
          out[name] = null;
          continue;
        }
        const r = el.getBoundingClientRect();
        out[name] = {
          text: el.innerText.trim(),
          box: [r.x, r.y, r.width, r.height].map((v) => Math.round(v * 2) / 2),
          lang: el.getAttribute('lang'),
          pressed: el.getAttribute('aria-pressed'),
          icon: [...el.querySelectorAll('.icon')].some((i) => i.getBoundingClientRect().width > 0),
        };
      }
      return out;
    },
    { parts, shell },
  );
}

async function open({ locale, width, stored = {} }) {
  const context = await e2e.browser.newContext({
    baseURL: e2e.server.url,
    locale,
    viewport: { width, height: 844 },
    serviceWorkers: 'block',
  });
  await context.addInitScript((stored) => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    for (const [k, v] of Object.entries(stored)) localStorage.setItem(k, v);
  }, stored);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, errors };
}

const CASES = [
  { name: 'Chinese phone, 390 px', locale: 'zh-CN', width: 390, path: '/', lang: 'zh-CN', classes: [] },
  { name: 'English phone, 320 px', locale: 'en-GB', width: 320, path: '/', lang: 'en', classes: [] },
  { name: 'elder mode stored, 390 px', locale: 'zh-CN', width: 390, path: '/', stored: { 'qingshui.modes': 'elder=1' }, lang: 'zh-CN', classes: ['elder'] },
  { name: 'elder mode and Chinese from the URL on an English phone, 320 px', locale: 'en-US', width: 320, path: '/?elder=1&lang=zh', lang: 'zh-CN', classes: ['elder'] },
  { name: 'lite mode stored, English chosen earlier, 390 px', locale: 'zh-CN', width: 390, path: '/', stored: { 'qingshui.modes': 'lite=1', 'qingshui.lang': 'en' }, lang: 'en', classes: ['lite'] },
  { name: 'elder English, lite switched off by the URL, 320 px', locale: 'en-US', width: 320, path: '/?lite=off', stored: { 'qingshui.modes': 'lite=1&elder=1' }, lang: 'en', classes: ['elder'] },
  { name: 'report form, Chinese, 390 px', locale: 'zh-CN', width: 390, path: '/report', lang: 'zh-CN', classes: [] },
  { name: 'report form with a category handed over, elder English, 320 px', locale: 'en-GB', width: 320, path: '/report?service=dead_fish', stored: { 'qingshui.modes': 'elder=1' }, lang: 'en', classes: ['elder'] },
  { name: 'My reports, English, 390 px', locale: 'en-US', width: 390, path: '/my-reports', lang: 'en', classes: [] },
  { name: 'My reports, elder Chinese from the URL, 320 px', locale: 'en-US', width: 320, path: '/my-reports?elder=1&lang=zh-CN', lang: 'zh-CN', classes: ['elder'] },
];

for (const c of CASES) {
  test(`boot shell = the app's first view: ${c.name}`, async () => {
    const parts = new URL(c.path, 'http://x').pathname === '/' ? HOME : PAGE;
    // The shell alone: the wasm never arrives.
    const held = await open(c);
    try {
      await held.page.route('**/*.wasm', () => {});
      await held.page.goto(c.path);
      await held.page.locator('#boot [data-boot-page]:not([hidden])').waitFor({ timeout: 30_000 });
      assert.ok(!(await held.page.locator('#boot-loading').isVisible()), 'the shell shows the page, not "loading"');
      const shell = await measure(held.page, true, parts);
      assert.deepEqual(held.errors, []);

      // The app, after it has taken over.
      const full = await open(c);
      try {
        await full.page.addInitScript(() => {
          window.__lcp = [];
          const name = (el) => (el ? `${el.closest('#boot') ? 'shell ' : ''}${el.tagName.toLowerCase()}.${el.className}` : 'gone');
          new PerformanceObserver((list) => window.__lcp.push(...list.getEntries().map((e) => ({ at: e.startTime, what: name(e.element) })))).observe({
            type: 'largest-contentful-paint',
            buffered: true,
          });
          let seen = false;
          new MutationObserver(() => {
            const boot = document.getElementById('boot');
            if (boot) seen = true;
            else if (seen && window.__swap === undefined) window.__swap = performance.now();
          }).observe(document, { childList: true, subtree: true });
        });
        await full.page.goto(c.path);
        // The app's page shows only once the shell is gone (index.html hides it until then).
        await full.page.locator('#main h1').waitFor({ timeout: 30_000 });
        assert.equal(await full.page.locator('#boot').count(), 0, 'the shell is gone once the app shows');
        const app = await measure(full.page, false, parts);

        assert.equal(shell.htmlLang, c.lang);
        assert.deepEqual(shell.classes, c.classes);
        for (const name of Object.keys(parts)) {
          assert.ok(shell[name], `the shell shows ${name}`);
          assert.deepEqual(shell[name], app[name], `${name}: shell and app differ`);
        }
        assert.equal(app.htmlLang, shell.htmlLang);
        assert.deepEqual(app.classes, shell.classes);

        const { lcp, swap } = await full.page.evaluate(() => ({ lcp: window.__lcp, swap: window.__swap }));
        assert.ok(swap > 0, 'the app took over');
        // An entry's element is null ("gone") once the element has left the page, as the shell's does when the app
        // takes over quickly; until the swap the app's page is hidden (index.html), so what painted was the shell.
        const shellPaint = (e) => e?.what.startsWith('shell ') || (e?.what === 'gone' && e.at < swap);
        assert.equal(shellPaint(lcp[0]), true, `the first largest paint is the shell's: ${JSON.stringify(lcp)} (swap at ${swap})`);
        // New content may paint larger later (elder mode's status sentence); the app's copy of the shell may not.
        const copies = lcp.filter((e) => e.at >= swap && /^(p\.why|h1\.|button\.|a\.)/.test(e.what));
        assert.deepEqual(copies, [], `the app's copy of the shell is a new largest paint (took over at ${swap})`);
        assert.deepEqual(full.errors, []);
      } finally {
        await full.context.close();
      }
    } finally {
      await held.context.close();
    }
  });
}

test('the shell stays "loading" where the app may show something else: other pages, a station handed over, a host', async () => {
  for (const path of ['/settings', '/station/1', '/?station=1', '/?embed=1', '/report?embed=1']) {
    const { page, context, errors } = await open({ locale: 'zh-CN', width: 390 });
    try {
      await page.route('**/*.wasm', () => {});
      await page.goto(path);
      await page.locator('#boot-loading').waitFor({ timeout: 30_000 });
      // The stylesheet has applied (the shell is revealed then); no page's top is shown.
      await page.waitForFunction(() => document.getElementById('main-css').media === 'all');
      assert.equal(await page.locator('#boot [data-boot-page]').count(), 0, `${path}: no page's top in the shell`);
      assert.equal(await page.locator('#boot-lang').isVisible(), !path.includes('embed'), `${path}: header switch`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});

test('the shell language and elder switches work before the app arrives, and the app keeps the choice', async () => {
  const { page, context, errors } = await open({ locale: 'zh-CN', width: 390 });
  try {
    let release;
    const held = new Promise((r) => (release = r));
    await page.route('**/*.wasm', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/');
    await page.locator('#boot [data-boot-page="/"]').waitFor({ timeout: 30_000 });
    await page.locator('#boot-lang').click();
    await page.locator('#boot-elder').click();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await page.locator('#boot h1').innerText(), 'Water quality near you');
    assert.equal(await page.locator('#boot-elder').getAttribute('aria-pressed'), 'true');
    release();
    await page.getByTestId('locate-button').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('#main h1').innerText(), 'Water quality near you');
    assert.equal(await page.getByTestId('elder-toggle').getAttribute('aria-pressed'), 'true');
    assert.ok((await page.evaluate(() => document.documentElement.className)).includes('elder'));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
