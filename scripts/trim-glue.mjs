// Drops from the wasm-bindgen glue what this app never runs; every first visit downloads the glue (issue #6).
//
// 1. wasm-streams' three JS classes. Leptos always brings server_fn and with it wasm-streams, whose
//    `IntoUnderlyingSource`, `…Sink` and `…ByteSource` are exported classes of the glue. This app never makes a
//    stream, so nothing constructs them (their wasm exports are not even linked: scripts/wasm-ld-no-streams.sh);
//    but as exports they survive terser. Each class and its FinalizationRegistry go (−0.3 KiB brotli).
// 2. The warnings of the init functions' deprecated call forms (a bare module instead of `{ module_or_path }`):
//    index.html and the split loader never call them so. And the warning for a server that sends the wasm with
//    the wrong `Content-Type` keeps its point in fewer words (−0.1 KiB brotli for both).
//
// Usage: node scripts/trim-glue.mjs <glue.js>   (rewritten in place)
// Fails, changing nothing, when a part is not found in the shape wasm-bindgen 0.2.130 writes, or a class is still
// named afterwards.
import { readFileSync, writeFileSync } from 'node:fs';

const [gluePath] = process.argv.slice(2);
if (!gluePath) throw new Error('usage: trim-glue.mjs <glue.js>');
let glue = readFileSync(gluePath, 'utf8');
for (const name of ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource']) {
  const parts = [
    // The class up to its closing brace at the start of a line, and its optional Symbol.dispose alias.
    new RegExp(`export class ${name} \\{[\\s\\S]*?\\n\\}\\n(?:if \\(Symbol\\.dispose\\) ${name}\\.prototype\\[Symbol\\.dispose\\] = ${name}\\.prototype\\.free;\\n)?`),
    new RegExp(`const ${name}Finalization = [\\s\\S]*?;\\n`),
  ];
  for (const part of parts) {
    if (!part.test(glue)) throw new Error(`${gluePath}: ${name} not in the expected shape (${part.source.slice(0, 40)}…)`);
    glue = glue.replace(part, '');
  }
}
if (glue.includes('IntoUnderlying')) throw new Error(`${gluePath}: a stream class is still named after the cut`);
const warnings = [
  [/\n\s*console\.warn\('using deprecated parameters for `initSync\(\)`; pass a single object instead'\)/, ''],
  [/\n\s*console\.warn\('using deprecated parameters for the initialization function; pass a single object instead'\)/, ''],
  [
    /"`WebAssembly\.instantiateStreaming` failed because your server does not serve Wasm with `application\/wasm` MIME type\. Falling back to `WebAssembly\.instantiate` which is slower\. Original error:\\n"/,
    '"Qingshui: the server does not send the wasm as application/wasm; a slower start follows:"',
  ],
];
for (const [from, to] of warnings) {
  if (!from.test(glue)) throw new Error(`${gluePath}: not in the expected shape (${from.source.slice(0, 50)}…)`);
  glue = glue.replace(from, to);
}
writeFileSync(gluePath, glue);
