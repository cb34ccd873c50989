// What the end-to-end tests and the bench (scripts/bench/) both make: the camera photo the report tests and
// the photo bench shrink (one picture, so their figures compare), and a report filed through Open311.

/** A 12-megapixel camera photo's size and the quality a phone camera saves at. */
export const CAMERA = { width: 4000, height: 3000, quality: 0.92 };

/**
 * A camera-like JPEG drawn and encoded by Chromium itself in `page`: gradients, shapes and fine grain, so it
 * compresses like a photo (several MB at 12 megapixels). Returns the file's bytes.
 */
export async function cameraJpeg(page, size = CAMERA) {
  const base64 = await page.evaluate(async ({ width, height, quality }) => {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    const sky = ctx.createLinearGradient(0, 0, 0, height);
    sky.addColorStop(0, '#9cc3e6');
    sky.addColorStop(0.55, '#d9e6d0');
    sky.addColorStop(1, '#4c6b3c');
    ctx.fillStyle = sky;
    ctx.fillRect(0, 0, width, height);
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 900; i++) {
      ctx.fillStyle = `hsla(${Math.floor(rnd() * 360)}, 45%, ${30 + Math.floor(rnd() * 40)}%, 0.6)`;
      ctx.beginPath();
      ctx.arc(rnd() * width, rnd() * height, 10 + rnd() * 160, 0, Math.PI * 2);
      ctx.fill();
    }
    // Sensor grain: a flat picture would compress far better than any real photo.
    const grain = ctx.getImageData(0, 0, width, height);
    for (let i = 0; i < grain.data.length; i += 4) {
      const n = (rnd() - 0.5) * 24;
      grain.data[i] += n;
      grain.data[i + 1] += n;
      grain.data[i + 2] += n;
    }
    ctx.putImageData(grain, 0, 0);
    const blob = await new Promise((r) => canvas.toBlob(r, 'image/jpeg', quality));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }, size);
  return Buffer.from(base64, 'base64');
}

/**
 * Files a report at `at` ({ lat, lon }) on the server at `base` the way any Open311 client does (form-encoded,
 * no photo) and returns its `service_request_id`: a report's page then has a description, a place and a due
 * time to show.
 */
export async function fileReport(base, at, description = 'The river below the steps has turned brown since this morning.') {
  const res = await fetch(`${base}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ service_code: 'water_colour', lat: String(at.lat), long: String(at.lon), description }),
  });
  const body = await res.text();
  if (res.status !== 201) throw new Error(`filing a report: HTTP ${res.status} ${body.slice(0, 200)}`);
  return JSON.parse(body)[0].service_request_id;
}
