// The photo pipeline for `make bench` (issue #6): how long the real app takes, in headless Chromium, to shrink
// a 12-megapixel camera JPEG picked on the report page, and how many bytes the upload then costs (goal: at most
// 300 KiB). The figure used to come only from tests/e2e/report_photo.test.mjs, which checks it, not measures it.
//
// The photo is drawn by Chromium itself, as the e2e test draws it: 4000×3000, gradients, shapes and sensor grain,
// encoded at quality 0.92, so it is several MB like a phone camera's. It is put into the report page's gallery
// input (`report-photo-input`, docs/contracts.md) on a freshly opened /report, once per run. Two times per run:
// - selected → shown: in-page `performance.now()` from the input's `change` event (a capture listener, so before
//   the app's own handler) to the photo's thumbnail `<li data-testid="report-photo">` entering the DOM (a
//   MutationObserver): decode + scale + JPEG re-encoding at falling qualities + rendering the thumbnail;
// - in the app: the `data-ms` the app writes on that `<li>` (platform::image::shrink's own clock: decode to
//   encoded JPEG).
// The output is the Blob the app will upload, read back through the thumbnail's object URL: its bytes (checked
// against the app's `data-bytes`) and its size from the JPEG frame header. Unthrottled and with the renderer's
// main thread slowed 4× (DevTools CPU throttling, Lighthouse's mobile setting); throttling slows only the main
// thread, so work Chromium does off it (image decoding for createImageBitmap, some of the encoding) is not
// slowed as much as on a real slow phone.
//
// Run by scripts/bench/bench.mjs against the server scripts/bench.sh started, or alone against any running
// server: `node scripts/bench/photo.mjs http://127.0.0.1:PORT` (prints JSON; QINGSHUI_BENCH_PHOTO_RUNS, 3).
import { pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';
import { CAMERA, cameraJpeg } from '../../tests/e2e/fixtures.mjs';

const CHROMIUM = process.env.QINGSHUI_E2E_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
/** The upload goal per photo (ShrinkOptions::STANDARD in src/platform/image.rs). */
export const PHOTO_GOAL_BYTES = 300 * 1024;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
};


/** Width and height from a JPEG's frame header (SOF0…SOF15 except DHT/JPG/DAC), or null. */
export function jpegSize(jpeg) {
  if (jpeg.length < 4 || jpeg.readUInt16BE(0) !== 0xffd8) return null;
  let at = 2;
  while (at + 9 <= jpeg.length) {
    const marker = jpeg.readUInt16BE(at);
    if (marker >= 0xffc0 && marker <= 0xffcf && ![0xffc4, 0xffc8, 0xffcc].includes(marker)) {
      return { height: jpeg.readUInt16BE(at + 5), width: jpeg.readUInt16BE(at + 7) };
    }
    if (marker === 0xffda) return null;
    at += 2 + jpeg.readUInt16BE(at + 2);
  }
  return null;
}

/** One pick on a fresh /report: the two times and the Blob the app would upload. */
async function oneShrink(page, photo) {
  await page.goto('/report');
  const input = page.getByTestId('report-photo-input');
  await input.waitFor({ state: 'attached', timeout: 60_000 });
  await page.evaluate(() => {
    const marks = (window.__benchPhoto = {});
    document.addEventListener(
      'change',
      (e) => {
        if (e.target?.dataset?.testid === 'report-photo-input') marks.selected ??= performance.now();
      },
      true,
    );
    const seen = new MutationObserver(() => {
      if (document.querySelector('[data-testid="report-photo"]')) {
        marks.shown = performance.now();
        seen.disconnect();
      }
    });
    seen.observe(document.body, { childList: true, subtree: true });
  });
  await input.setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.getByTestId('report-photo').waitFor({ timeout: 300_000 });
  const got = await page.evaluate(async () => {
    const li = document.querySelector('[data-testid="report-photo"]');
    const blob = await (await fetch(li.querySelector('img').src)).blob();
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    const { selected, shown } = window.__benchPhoto;
    const { ms, bytes: appBytes } = li.dataset;
    return { selected, shown, appMs: Number(ms), appBytes: Number(appBytes), type: blob.type, base64: btoa(s) };
  });
  if (got.selected == null || got.shown == null) throw new Error('the change event or the thumbnail was not seen');
  const out = Buffer.from(got.base64, 'base64');
  if (out.length !== got.appBytes) {
    throw new Error(`data-bytes ${got.appBytes} but the upload Blob has ${out.length} bytes`);
  }
  return {
    shown_ms: Math.round((got.shown - got.selected) * 10) / 10,
    app_ms: got.appMs,
    bytes: out.length,
    type: got.type,
    size: jpegSize(out),
  };
}

/** The shrink figures at one CPU slowdown: `runs` picks, each on a freshly opened report page. */
async function atSlowdown(browser, base, photo, rate, runs) {
  // bypassCSP: the app's CSP keeps fetch() off blob: URLs, and reading the upload Blob back needs exactly that.
  const context = await browser.newContext({
    baseURL: base,
    locale: 'zh-CN',
    serviceWorkers: 'block',
    bypassCSP: true,
  });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    const all = [];
    for (let i = 0; i < runs; i++) all.push(await oneShrink(page, photo));
    const shown = all.map((r) => r.shown_ms);
    const app = all.map((r) => r.app_ms);
    const bytes = all.map((r) => r.bytes);
    const sizes = [...new Set(all.map((r) => (r.size ? `${r.size.width}×${r.size.height}` : 'unreadable')))];
    return {
      cpu_slowdown: rate,
      runs: all.length,
      selected_to_shown_median_ms: median(shown),
      selected_to_shown_min_ms: Math.min(...shown),
      selected_to_shown_max_ms: Math.max(...shown),
      app_shrink_median_ms: median(app),
      output_bytes_median: median(bytes),
      output_bytes_max: Math.max(...bytes),
      output_type: all[0].type,
      output_dimensions: sizes.join(', '),
      goal_met: Math.max(...bytes) <= PHOTO_GOAL_BYTES,
      each_run: all,
    };
  } finally {
    await context.close();
  }
}

/** Everything this module measures, for bench.mjs: `{ input, goal_bytes, results }`, or `{ error }`. */
export async function photoFigures(base, { runs = 3 } = {}) {
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    const maker = await browser.newPage();
    await maker.goto('about:blank');
    const photo = await cameraJpeg(maker);
    await maker.close();
    const inputSize = jpegSize(photo);
    const results = [];
    for (const rate of [1, 4]) {
      process.stderr.write(`[bench] photo: ${runs} picks, CPU ${rate === 1 ? 'unthrottled' : `${rate}x slower`}\n`);
      results.push(await atSlowdown(browser, base, photo, rate, runs));
    }
    return {
      input: { bytes: photo.length, width: inputSize?.width, height: inputSize?.height, jpeg_quality: CAMERA.quality },
      goal_bytes: PHOTO_GOAL_BYTES,
      results,
    };
  } catch (e) {
    return { error: String(e?.stack ?? e) };
  } finally {
    await browser?.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const base = process.argv[2] ?? process.env.BENCH_BASE;
  if (!base) throw new Error('usage: node scripts/bench/photo.mjs http://127.0.0.1:PORT (a running qingshui-server)');
  const runs = Number(process.env.QINGSHUI_BENCH_PHOTO_RUNS ?? process.env.BENCH_PHOTO_RUNS ?? 3);
  console.log(JSON.stringify(await photoFigures(base, { runs }), null, 2));
}
