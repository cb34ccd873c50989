// A photo straight from a phone camera — 12 megapixels, several MB, with the position of the phone written into its
// EXIF — is shrunk on the phone before it is sent: the photo the server stores is a JPEG of at most 300 KiB whose
// long edge is at most 1600 px, turned upright by its EXIF orientation, and without any EXIF (so without the GPS
// position). Prints the upload size and the shrink time measured in the browser, the figures for the issue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { useServerAndBrowser, openPage, getJson } from './harness.mjs';
import { cameraJpeg } from './fixtures.mjs';

const HERE = { lat: 29.5802, lon: 106.5412 };
const SHOTS = process.env.QINGSHUI_E2E_SHOTS ?? '/tmp/qingshui-shots';

const e2e = useServerAndBrowser();

/**
 * An APP1 EXIF segment as a camera writes it (big-endian TIFF): IFD0 with Orientation = 6 (the sensor's landscape
 * picture is to be shown rotated 90° clockwise, i.e. the photo was taken upright) and a GPS IFD with the position.
 */
function exifSegment({ lat, lon }) {
  const dms = (v) => {
    const d = Math.floor(v);
    const m = Math.floor((v - d) * 60);
    const s = Math.round(((v - d) * 60 - m) * 60 * 100);
    return [[d, 1], [m, 1], [s, 100]];
  };
  const tiff = Buffer.alloc(140);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  const entry = (at, tag, type, count, value, inline16 = false) => {
    tiff.writeUInt16BE(tag, at);
    tiff.writeUInt16BE(type, at + 2);
    tiff.writeUInt32BE(count, at + 4);
    if (inline16) tiff.writeUInt16BE(value, at + 8);
    else tiff.writeUInt32BE(value, at + 8);
  };
  // IFD0 at 8: 2 entries, next IFD 0 → 30 bytes; the GPS IFD follows at 38.
  tiff.writeUInt16BE(2, 8);
  entry(10, 0x0112, 3, 1, 6, true); // Orientation SHORT
  entry(22, 0x8825, 4, 1, 38); // GPSInfo IFD pointer
  tiff.writeUInt32BE(0, 34);
  // GPS IFD at 38: 4 entries → 54 bytes; rationals at 92 (latitude) and 116 (longitude).
  tiff.writeUInt16BE(4, 38);
  entry(40, 0x0001, 2, 2, 0);
  tiff.write('N\0', 48, 'latin1');
  entry(52, 0x0002, 5, 3, 92);
  entry(64, 0x0003, 2, 2, 0);
  tiff.write('E\0', 72, 'latin1');
  entry(76, 0x0004, 5, 3, 116);
  tiff.writeUInt32BE(0, 88);
  [...dms(lat), ...dms(lon)].forEach(([n, d], i) => {
    tiff.writeUInt32BE(n, 92 + i * 8);
    tiff.writeUInt32BE(d, 96 + i * 8);
  });
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xffe1, 0);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** The JPEG's segments up to the image data: [{ marker, data }]. */
function segments(jpeg) {
  assert.equal(jpeg.readUInt16BE(0), 0xffd8, 'not a JPEG');
  const out = [];
  let at = 2;
  while (at + 4 <= jpeg.length) {
    const marker = jpeg.readUInt16BE(at);
    const length = jpeg.readUInt16BE(at + 2);
    out.push({ marker, data: jpeg.subarray(at + 4, at + 2 + length) });
    if (marker === 0xffda) break; // start of scan: the rest is image data
    at += 2 + length;
  }
  return out;
}

/** Width and height from the JPEG's frame header (SOF0…SOF15 except DHT/JPG/DAC). */
function jpegSize(jpeg) {
  const sof = segments(jpeg).find(
    (s) => s.marker >= 0xffc0 && s.marker <= 0xffcf && ![0xffc4, 0xffc8, 0xffcc].includes(s.marker),
  );
  assert.ok(sof, 'no frame header');
  return { height: sof.data.readUInt16BE(1), width: sof.data.readUInt16BE(3) };
}

/** Whether the bytes carry EXIF or the GPS IFD anywhere (APP1 `Exif\0\0`, or a GPSInfo tag in either byte order). */
function hasExifOrGps(jpeg) {
  const exif = jpeg.includes(Buffer.from('Exif\0\0', 'latin1'));
  const app1 = segments(jpeg).some((s) => s.marker === 0xffe1);
  const gpsTag = jpeg.includes(Buffer.from([0x88, 0x25, 0x00, 0x04])) || jpeg.includes(Buffer.from([0x25, 0x88, 0x04, 0x00]));
  return exif || app1 || gpsTag;
}

test('a 12 MP camera photo with GPS EXIF is stored as an upright JPEG ≤ 300 KiB, ≤ 1600 px, without EXIF', async () => {
  const { page, context, errors } = await openPage(e2e.browser, e2e.server, { position: HERE });
  try {
    await page.clock.setFixedTime(new Date());
    await page.goto('/report');
    const camera = Buffer.concat([Buffer.from([0xff, 0xd8]), exifSegment(HERE), (await cameraJpeg(page)).subarray(2)]);
    assert.equal(jpegSize(camera).width, 4000);
    assert.ok(hasExifOrGps(camera), 'the test photo has no EXIF: the check below would prove nothing');

    await page.locator('li[data-service-code="floating_rubbish"] input').click({ timeout: 30_000 });
    await page.getByTestId('report-locate').click();
    await page.getByTestId('report-review').filter({ hasText: String(HERE.lat).slice(0, 6) }).waitFor({ timeout: 30_000 });
    await page.getByTestId('report-description').fill('Plastic bottles and foam boxes caught along the bank.');
    await page.getByTestId('report-photo-input').setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: camera });
    const thumb = page.getByTestId('report-photo');
    await thumb.waitFor({ timeout: 60_000 });
    const uploadBytes = Number(await thumb.getAttribute('data-bytes'));
    const shrinkMs = Number(await thumb.getAttribute('data-ms'));
    assert.ok(uploadBytes > 0 && uploadBytes <= 300 * 1024, `upload ${uploadBytes} bytes`);
    assert.ok(shrinkMs > 0, `shrink time ${shrinkMs} ms was not measured`);
    const total = page.getByTestId('report-upload-size');
    assert.equal(Number(await total.getAttribute('data-bytes')), uploadBytes);
    assert.match(await total.textContent(), /KB/, 'the upload size is not shown');
    console.log(
      `# 12 MP camera JPEG ${camera.length} bytes → upload ${uploadBytes} bytes ` +
        `(${(camera.length / uploadBytes).toFixed(1)}× smaller), shrunk in ${shrinkMs} ms in the browser`,
    );

    await mkdir(SHOTS, { recursive: true });
    for (const width of [390, 320]) {
      await page.setViewportSize({ width, height: 844 });
      await page.getByTestId('report-photos').screenshot({ path: `${SHOTS}/report-photos-zh-${width}.png` });
    }
    await page.getByTestId('report-submit').click();
    const result = page.getByTestId('report-result');
    await result.waitFor({ timeout: 60_000 });
    const id = await result.getAttribute('data-request-id');

    const [stored] = await getJson(`${e2e.server.url}/open311/v2/requests/${id}.json`);
    assert.equal(stored.media_urls?.length ?? 1, 1, 'one photo was picked');
    const res = await fetch(stored.media_url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/jpeg');
    const photo = Buffer.from(await res.arrayBuffer());
    assert.equal(photo.length, uploadBytes, 'the server stored other bytes than the phone sent');
    assert.ok(photo.length <= 300 * 1024, `stored photo ${photo.length} bytes`);
    const size = jpegSize(photo);
    assert.ok(Math.max(size.width, size.height) <= 1600, `stored photo ${size.width}×${size.height}`);
    // Orientation 6 = taken upright: the stored photo is portrait, the right way up.
    assert.deepEqual(size, { width: 1200, height: 1600 }, 'the EXIF orientation was not applied');
    assert.ok(!hasExifOrGps(photo), 'the stored photo still carries EXIF / GPS');
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    await context.close();
  }
});

test('three photos at most: thumbnails with sizes and remove buttons, in English at 320 px', async () => {
  const { page, context, errors } = await openPage(e2e.browser, e2e.server, { position: HERE, locale: 'en-GB' });
  try {
    await page.setViewportSize({ width: 320, height: 700 });
    await page.goto('/report');
    const small = await cameraJpeg(page);
    const input = page.getByTestId('report-photo-input');
    await input.setInputFiles([1, 2, 3, 4].map((n) => ({ name: `p${n}.jpg`, mimeType: 'image/jpeg', buffer: small })));
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="report-photo"]').length === 3, null, {
      timeout: 90_000,
    });
    assert.equal(await input.isDisabled(), true, 'a fourth photo can still be added');
    const remove = page.getByRole('button', { name: 'Remove photo 2' });
    await remove.click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="report-photo"]').length === 2);
    assert.equal(await input.isDisabled(), false, 'removing a photo did not make room');
    await page.getByTestId('report-photos').screenshot({ path: `${SHOTS}/report-photos-en-320.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('report-photos').screenshot({ path: `${SHOTS}/report-photos-en-390.png` });
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    await context.close();
  }
});
