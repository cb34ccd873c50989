// Qingshui inside a WeChat or Alipay mini-program web-view, as the hosts run it: their user agent, their
// bridge object (a recording fake injected before the page loads, as the host's SDK would be), and a GCJ-02
// position handed over in the URL. Only geolocation (denied: the app must not need it) and the clock are
// mocked. Any popup, new window or dialog fails the test: web-views allow none of them.
// Last: the app served under /water/ (QINGSHUI_BASE_PATH + scripts/base-path.sh on a copy of dist/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, allStations, nearestIds, appConfig, waitForStationList } from './harness.mjs';

const WECHAT_UA =
  'Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230805.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 ' +
  'MicroMessenger/8.0.47.2560(0x28002F51) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64 miniProgram/wx1234567890abcdef';
const ALIPAY_UA =
  'Mozilla/5.0 (Linux; U; Android 13; zh-CN; Pixel 7 Build/TQ3A.230805.001) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Version/4.0 Chrome/69.0.3497.100 UWS/3.22.2.56 Mobile Safari/537.36 NebulaSDK/1.8.100112 Nebula ' +
  'AlipayDefined(nt:WIFI,ws:411|0|2.625) AliApp(AP/10.5.26.8000) AlipayClient/10.5.26.8000 Language/zh-Hans Region/CN MiniProgram';

/** Where the resident stands (WGS84): Jiefangbei, Yuzhong district, the densest part of the demo city. */
const HERE = { lat: 29.5576, lon: 106.577 };

/** The published WGS84 → GCJ-02 transform (what wx.getLocation({type:'gcj02'}) reports for HERE). */
function toGcj02({ lat, lon }) {
  const a = 6378245.0;
  const ee = 0.00669342162296594323;
  const x = lon - 105.0;
  const y = lat - 35.0;
  let dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  dLat += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLat += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLat += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  let dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  dLon += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLon += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLon += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - ee * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI);
  dLon = (dLon * 180.0) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lat: lat + dLat, lon: lon + dLon };
}

/** Installs a recording fake of the host's bridge (`wx.miniProgram` or `my`) and counts location requests. */
function fakeBridge(host) {
  return `(() => {
    window.__calls = [];
    const record = (name) => (arg) => { window.__calls.push({ name, arg: arg === undefined ? null : JSON.parse(JSON.stringify(arg)) }); };
    const bridge = { postMessage: record('postMessage'), navigateBack: record('navigateBack') };
    if (${JSON.stringify(host)} === 'wechat') window.wx = { miniProgram: bridge }; else window.my = bridge;
    window.__geolocationAsked = 0;
    const geo = navigator.geolocation;
    if (geo) {
      const ask = geo.getCurrentPosition.bind(geo);
      geo.getCurrentPosition = (...args) => { window.__geolocationAsked++; return ask(...args); };
    }
  })();`;
}

let server;
let based;
let browser;
let stations;
let count;
let basedDist;

before(async () => {
  // The sub-path copy of this build: exactly what BASE_PATH=/water/ scripts/build.sh writes, minus the rebuild.
  basedDist = await mkdtemp(join(tmpdir(), 'qingshui-dist-water-'));
  await cp('dist', basedDist, { recursive: true });
  await promisify(execFile)('scripts/base-path.sh', [basedDist, '/water/']);
  [server, based] = await Promise.all([
    startServer(),
    startServer({ env: { QINGSHUI_DIST: basedDist, QINGSHUI_BASE_PATH: '/water', QINGSHUI_DEMO_STATIONS: '0' } }),
  ]);
  browser = await launchBrowser();
  stations = await allStations(server);
  count = (await appConfig(server)).nearby_count ?? 10;
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await based?.stop();
  if (basedDist) await rm(basedDist, { recursive: true, force: true });
});

/** A phone in the host's web-view: its user agent, the fake bridge, no location permission, 390 px wide. */
async function hostPage(srv, host, { width = 390 } = {}) {
  // No geolocation permission: the handed-over position must be enough.
  const ctx = await browser.newContext({
    baseURL: srv.url,
    locale: 'zh-CN',
    userAgent: host === 'wechat' ? WECHAT_UA : ALIPAY_UA,
    viewport: { width, height: 800 },
    isMobile: true,
    hasTouch: true,
  });
  await ctx.addInitScript(fakeBridge(host));
  const p = await ctx.newPage();
  await p.clock.setFixedTime(new Date('2026-11-28T08:00:00Z'));
  const problems = [];
  p.on('pageerror', (e) => problems.push(String(e)));
  // Web-views open no windows and show no dialogs: any attempt is a failure.
  p.on('popup', (w) => problems.push(`popup opened: ${w.url()}`));
  p.on('dialog', (d) => {
    problems.push(`dialog: ${d.type()} ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  ctx.on('page', (extra) => problems.push(`new page: ${extra.url()}`));
  p.on('download', (d) => problems.push(`download: ${d.url()}`));
  return { context: ctx, page: p, problems };
}

const calls = (page) => page.evaluate(() => window.__calls);

for (const host of ['wechat', 'alipay']) {
  test(`${host}: embed mode, GCJ-02 handover lists the stations near the converted point, one message per report`, async () => {
    const { context, page, problems } = await hostPage(server, host);
    try {
      const gcj = toGcj02(HERE);
      // No `embed=` here: the host is recognised from its user agent.
      await page.goto(`/?lat=${gcj.lat}&lng=${gcj.lon}&coord=gcj02`);
      const items = await waitForStationList(page);
      assert.deepEqual(
        items.map((i) => i.id),
        nearestIds(stations, HERE, count),
        'the list is not the stations nearest the WGS84 point the GCJ-02 position stands for',
      );
      const unconverted = nearestIds(stations, gcj, count);
      if (unconverted.join() !== nearestIds(stations, HERE, count).join()) {
        assert.notDeepEqual(items.map((i) => i.id), unconverted, 'the GCJ-02 position was used unconverted');
      }
      assert.equal(await page.evaluate(() => window.__geolocationAsked), 0, 'the browser was asked for the position');

      // The host draws the navigation bar: no header of ours, the page name as the title.
      assert.equal(await page.locator('header.header').count(), 0, 'our header is shown inside the host');
      await page.getByTestId('embed-bar').waitFor();
      assert.equal(await page.title(), '附近的水质');

      // Report through the handover: ?report=CODE preselects the category.
      await page.goto(`/?report=dead_fish&lat=${gcj.lat}&lng=${gcj.lon}&coord=gcj02`);
      await page.waitForURL(/\/report\?service=dead_fish$/, { timeout: 30_000 });
      assert.equal(await page.title(), '报告水问题');
      const radio = page.locator('li[data-service-code="dead_fish"] input');
      await radio.waitFor({ timeout: 30_000 });
      assert.ok(await radio.isChecked(), 'the handed-over category is not chosen');
      await page.locator('#report-attr-fish_count').selectOption('dozens', { timeout: 30_000 });
      await page.locator('#report-address').fill('朝天门码头下游 50 米');
      await page.getByTestId('report-description').fill(`embedded ${host} report`);
      await page.getByTestId('report-submit').click();
      const result = page.getByTestId('report-result');
      await result.waitFor({ timeout: 30_000 });
      const id = await result.getAttribute('data-request-id');
      // Let any late duplicate arrive before counting.
      await page.waitForTimeout(500);
      const posted = (await calls(page)).filter((c) => c.name === 'postMessage');
      const message = { type: 'report-submitted', id, service_code: 'dead_fish' };
      assert.deepEqual(posted.map((c) => c.arg), [host === 'wechat' ? { data: message } : message]);

      // "Back to mini-program" goes through the bridge.
      await page.getByTestId('embed-back').click();
      assert.deepEqual(
        (await calls(page)).filter((c) => c.name === 'navigateBack').length,
        1,
        'navigateBack was not called once',
      );
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}

// User agents of real hosts and browsers, for the host decision's rules (index.html's qingshuiHost).
const HOST_UA = {
  wechatIos: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) '
    + 'Mobile/15E148 MicroMessenger/8.0.42(0x18002a2a) NetType/WIFI Language/zh_CN miniProgram/wx0123456789abcdef',
  wechatAndroid: WECHAT_UA,
  wechatOldIos: 'Mozilla/5.0 (iPhone; CPU iPhone OS 12_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) '
    + 'Mobile/15E148 MicroMessenger/7.0.5(0x17000523) NetType/WIFI Language/zh_CN',
  wechatBrowser: 'Mozilla/5.0 (Linux; Android 13; V2227A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) '
    + 'Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 XWEB/1110005 MMWEBSDK/20231002 MMWEBID/2585 '
    + 'MicroMessenger/8.0.43.2480(0x28002B37) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64',
  alipay: ALIPAY_UA,
  alipayBrowser: 'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) '
    + 'Mobile/15E148 Ariver/1.1.0 AliApp(AP/10.5.16.6000) Nebula WK RVKType(0) AlipayDefined(nt:WIFI,ws:390|844|3.0) '
    + 'AlipayClient/10.5.16.6000 Language/zh-Hans Region/CN NebulaX/1.0.0',
  chrome: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
};

test('the host is decided by the embed parameter, WeChat\'s global, then the user agent; the base path by <base>', async () => {
  const { context, page } = await openPage(browser, server);
  try {
    await page.goto('/my-reports');
    const U = HOST_UA;
    // [user agent, __wxjs_environment, embed parameter, host]
    const rules = [
      [U.wechatIos, undefined, undefined, 'wechat'],
      [U.wechatAndroid, undefined, undefined, 'wechat'],
      [U.wechatOldIos, 'miniprogram', undefined, 'wechat'],
      [U.wechatOldIos, undefined, undefined, ''], // before WeixinJSBridgeReady
      [U.wechatBrowser, undefined, undefined, ''],
      [U.wechatBrowser, 'browser', undefined, ''],
      [U.wechatBrowser, ' MiniProgram ', undefined, 'wechat'],
      [U.alipay, undefined, undefined, 'alipay'],
      [U.alipayBrowser, undefined, undefined, ''],
      [U.chrome, undefined, undefined, ''],
      ['', undefined, undefined, ''],
      // The parameter wins over what the user agent says; values it does not know are ignored.
      [U.chrome, undefined, 'wechat', 'wechat'],
      [U.chrome, undefined, 'alipay', 'alipay'],
      [U.chrome, undefined, '1', '1'],
      [U.chrome, undefined, ' WeChat ', 'wechat'],
      [U.alipay, undefined, 'wechat', 'wechat'],
      [U.wechatAndroid, undefined, '1', '1'],
      [U.wechatAndroid, undefined, '0', 'wechat'],
      [U.alipay, undefined, '', 'alipay'],
      [U.chrome, undefined, 'yes', ''],
    ];
    for (const [ua, wx, embed, want] of rules) {
      const got = await page.evaluate(([u, w, e]) => window.qingshuiHost(u, w, e), [ua, wx, embed]);
      assert.equal(got, want, `${ua.slice(0, 40)}… wx=${wx} embed=${embed}`);
    }
    const bases = [
      [null, '/'], ['', '/'], ['/', '/'], ['/water/', '/water/'], ['/water', '/water/'], ['water/', '/water/'],
      ['/a/b/', '/a/b/'], ['https://city.example/water/', '/water/'], ['https://city.example', '/'], ['/water/?x#y', '/water/'],
    ];
    for (const [href, want] of bases) {
      assert.equal(await page.evaluate((h) => window.qingshuiBase(h ?? undefined), href), want, `<base href="${href}">`);
    }
  } finally {
    await context.close();
  }
});

test('a plain browser keeps its header, and the title names the app', async () => {
  const { context, page, errors } = await openPage(browser, server);
  try {
    await page.goto('/my-reports');
    // The app's own control: index.html's shell has a header too until the app takes over.
    await page.getByTestId('lang-switch').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('header.header').count(), 1);
    assert.equal(await page.getByTestId('embed-bar').count(), 0);
    await page.waitForFunction(() => document.title === '我的报告 · 清水', null, { timeout: 10_000 });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('served under /water/: the app, its links and a reloaded deep link work under the prefix', async () => {
  const { context, page, errors } = await openPage(browser, based);
  try {
    const root = await fetch(`${based.url}/`, { redirect: 'manual' });
    assert.equal(root.status, 308);
    assert.equal(root.headers.get('location'), '/water/');

    await page.goto('/water/my-reports');
    await page.getByTestId('report-link').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('report-link').getAttribute('href'), '/water/report');
    await page.getByTestId('report-link').click();
    await page.waitForURL(`${based.url}/water/report`);
    await page.getByTestId('report-form').waitFor({ timeout: 30_000 });

    // A deep link, then a reload on it: still the app's station page (this server has no stations: not found).
    await page.goto('/water/station/5');
    await page.reload();
    await page.locator('h1').filter({ hasText: '监测站' }).waitFor({ timeout: 30_000 });
    assert.match(page.url(), /\/water\/station\/5$/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
