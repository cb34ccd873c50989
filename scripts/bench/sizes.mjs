// Byte counts of files and answers: raw, gzip and brotli, each compressed here with Node's zlib at a stated
// level so every figure says how it was made.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import zlib from 'node:zlib';

/** Static files are precompressed once (the server does gzip best + brotli 11 at start-up): the same here. */
export const STATIC_LEVELS = { gzip: 9, brotli: 11 };
/** API answers are compressed per request by whatever sits in front: typical on-the-fly levels. */
export const DYNAMIC_LEVELS = { gzip: 6, brotli: 5 };

/** `{ raw, gzip, br }` bytes of `data` at the given levels. */
export function compressed(data, levels) {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data);
  return {
    raw: buf.length,
    gzip: zlib.gzipSync(buf, { level: levels.gzip }).length,
    br: zlib.brotliCompressSync(buf, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: levels.brotli,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      },
    }).length,
  };
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Every .wasm, .js and .css file under `dist` with its sizes, plus totals per kind. */
export function distSizes(dist) {
  const files = walk(dist)
    .filter((p) => /\.(wasm|js|css)$/.test(p))
    .map((p) => ({
      file: relative(dist, p),
      kind: p.split('.').pop(),
      ...compressed(readFileSync(p), STATIC_LEVELS),
    }));
  const totals = {};
  for (const f of files) {
    const t = (totals[f.kind] ??= { files: 0, raw: 0, gzip: 0, br: 0 });
    t.files += 1;
    t.raw += f.raw;
    t.gzip += f.gzip;
    t.br += f.br;
  }
  return { files, totals };
}
