// Drops wasm-streams' three JS classes from the wasm-bindgen glue, after build.sh has dropped their wasm exports.
//
// Leptos always brings server_fn and with it wasm-streams, whose `IntoUnderlyingSource`, `…Sink` and
// `…ByteSource` are exported classes of the glue. This app never makes a stream, so nothing constructs them;
// but as exports they survive terser. Each class and its FinalizationRegistry go (−0.3 KiB brotli of every first
// visit); nothing else in the glue names them.
//
// Usage: node scripts/drop-stream-classes.mjs <glue.js>   (rewritten in place)
// Fails, changing nothing, when a class is not found in the shape wasm-bindgen 0.2.130 writes, or is still
// named afterwards.
import { readFileSync, writeFileSync } from 'node:fs';

const [gluePath] = process.argv.slice(2);
if (!gluePath) throw new Error('usage: drop-stream-classes.mjs <glue.js>');
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
writeFileSync(gluePath, glue);
