// Prints, as JSON, the files each split module of the app needs: its own wasm chunk and the shared chunks it
// waits for, read from the split loader that wasm-split-cli wrote (`__wasm_split.js`, chunks already renamed to
// their hashed names). index.html fetches a lazy page's files beside the app's module (scripts/build.sh).
// Each further argument `name=file` adds an entry of one file (the lazy pages' stylesheets), `-name` leaves a
// split module out (one index.html never preloads), and `+file` is a file every split module needs (the glue's
// lazy part, which the loader awaits before any chunk: scripts/lazy-glue.mjs).
//
// Usage: node scripts/split-files.mjs <__wasm_split.js> [name=file | -name | +file …]
import { readFileSync } from 'node:fs';

const loader = readFileSync(process.argv[2], 'utf8');
// `const __chunk_8 = makeLoad(() => { const src = fetch(new URL("./chunk_8-….wasm", …` and
// `export const __wasm_split_load_page_station = wrapAsyncCb(makeLoad(() => { … "./split_page_station-….wasm" …
// }, [__chunk_8, …]));`
const file = (body) => /new URL\("\.\/([^"]+\.wasm)"/.exec(body)?.[1];
const chunks = {};
for (const m of loader.matchAll(/const (__chunk_\d+) = makeLoad\(([\s\S]*?)\n, \[\]\);/g)) chunks[m[1]] = file(m[2]);
const modules = {};
for (const m of loader.matchAll(/export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(([\s\S]*?)\n, \[([^\]]*)\]\)\);/g)) {
  const deps = m[3].split(',').map((d) => d.trim()).filter(Boolean);
  const files = [file(m[2]), ...deps.map((d) => chunks[d])];
  if (files.some((f) => !f)) throw new Error(`split module ${m[1]}: a file was not found in the loader`);
  modules[m[1]] = files;
}
if (!Object.keys(modules).length) throw new Error('no split modules found in the loader (wasm-split-cli output changed?)');
const everyModule = process.argv.slice(3).filter((a) => a.startsWith('+')).map((a) => a.slice(1));
if (everyModule.some((f) => !f)) throw new Error('split-files: `+` without a file');
for (const files of Object.values(modules)) files.push(...everyModule);
for (const extra of process.argv.slice(3)) {
  if (extra.startsWith('+')) continue;
  if (extra.startsWith('-')) {
    if (!(extra.slice(1) in modules)) throw new Error(`split-files: no split module ${extra.slice(1)} to leave out`);
    delete modules[extra.slice(1)];
    continue;
  }
  const [name, file] = extra.split('=');
  if (!name || !file || modules[name]) throw new Error(`split-files: bad or repeated entry ${extra}`);
  modules[name] = [file];
}
process.stdout.write(JSON.stringify(modules));
