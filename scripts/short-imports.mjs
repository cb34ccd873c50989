// Gives the main module's JS imports short names, in the wasm and in the wasm-bindgen glue that provides them; and
// the same for its closure-invoking exports, which the glue calls.
//
// wasm-bindgen names each import after the JS it calls plus a 16-hex-digit hash (`__wbg_createElement_0f7e…`):
// ~240 such names, each written once in the wasm's import section and once in the glue's import object. The hashes
// do not compress (random digits, twice each), and every first visit pays for them. Here each import of the
// module `./qingshui_bg.js` becomes `$a`, `$b`, … in both files; nothing else changes (their order, types,
// the other modules' imports). wasm-opt's own --minify-imports renames only Emscripten's `env` imports.
//
// The exports wasm-bindgen adds for calling a Rust closure from JS are named after the closure's whole signature
// (`wasm_bindgen_80144d3d…___convert__closures_____invoke___web_sys_c5a0…___features__gen_Event__Event______true_`,
// up to 260 characters, once in the wasm and once in the glue): each becomes `$_a`, `$_b`, …; the split loader and
// the chunks use only the module's memory, table and `__wasm_split_*` exports, which keep their names.
//
// Usage: node scripts/short-imports.mjs <module.wasm> <glue.js> [lazy glue.js]   (all rewritten in place; the lazy
// glue holds the import functions only chunks call, scripts/lazy-glue.mjs)
// Fails, changing nothing, when an import is not exactly once in the glue files as an object key, or a renamed export
// is not called as `wasm.<name>` in it.
import { readFileSync, writeFileSync } from 'node:fs';

const MODULE = './qingshui_bg.js';
const [wasmPath, ...gluePaths] = process.argv.slice(2);
if (!wasmPath || !gluePaths.length) throw new Error('usage: short-imports.mjs <module.wasm> <glue.js> [lazy glue.js]');
const wasm = readFileSync(wasmPath);
const glues = gluePaths.map((path) => readFileSync(path, 'utf8'));
const glueNames = gluePaths.join(' and ');

function readU32(buf, pos) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = buf[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, pos];
  }
}

function u32(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}

const text = (s) => {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([u32(b.length), b]);
};

// The end of an import's description (its kind and type), from its kind byte.
function skipDesc(buf, pos) {
  const kind = buf[pos++];
  if (kind === 0) return readU32(buf, pos)[1]; // function: type index
  if (kind === 1) {
    pos += 1; // table: reference type, then limits
    const [flags, p] = readU32(buf, pos);
    pos = readU32(buf, p)[1];
    return flags & 1 ? readU32(buf, pos)[1] : pos;
  }
  if (kind === 2) {
    const [flags, p] = readU32(buf, pos); // memory: limits
    pos = readU32(buf, p)[1];
    return flags & 1 ? readU32(buf, pos)[1] : pos;
  }
  if (kind === 3) return pos + 2; // global: value type, mutability
  if (kind === 4) return readU32(buf, pos + 1)[1]; // tag: attribute, type index
  throw new Error(`unknown import kind ${kind}`);
}

// Short, distinct JS identifiers that no glue writes itself: $a … $Z, $ab, $bb, …
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
function shortName(i) {
  let name = '$';
  do {
    name += ALPHABET[i % ALPHABET.length];
    i = Math.floor(i / ALPHABET.length);
  } while (i);
  return name;
}

// A vector section (`id`, its body from `start` to `end`) rebuilt entry by entry: `entry(p, body)` reads the entry
// at `p`, pushes its new bytes onto `body` and returns where the next entry starts.
function rewriteSection(id, start, end, entry) {
  const [count, first] = readU32(wasm, start);
  const body = [u32(count)];
  let p = first;
  for (let i = 0; i < count; i++) p = entry(p, body);
  if (p !== end) throw new Error(`section ${id} not read to its end`);
  const section = Buffer.concat(body);
  return Buffer.concat([Buffer.from([id]), u32(section.length), section]);
}

// The imports of ./qingshui_bg.js, renamed in the import section.
const renamed = new Map();
function importEntry(p, body) {
  const [modLen, m] = readU32(wasm, p);
  const module = wasm.toString('utf8', m, m + modLen);
  const [nameLen, n] = readU32(wasm, m + modLen);
  const name = wasm.toString('utf8', n, n + nameLen);
  const descEnd = skipDesc(wasm, n + nameLen);
  let field = name;
  if (module === MODULE) {
    field = shortName(renamed.size);
    renamed.set(name, field);
  }
  body.push(text(module), text(field), wasm.subarray(n + nameLen, descEnd));
  return descEnd;
}

// The closure invokers wasm-bindgen exports (see the top), renamed in the export section.
const CLOSURE_EXPORT = /^wasm_bindgen_[0-9a-f]{16}___convert__closures_/;
const exportsRenamed = new Map();
function exportEntry(p, body) {
  const [nameLen, n] = readU32(wasm, p);
  const name = wasm.toString('utf8', n, n + nameLen);
  const descEnd = readU32(wasm, n + nameLen + 1)[1]; // kind byte, then index
  let field = name;
  if (CLOSURE_EXPORT.test(name)) {
    field = `$_${shortName(exportsRenamed.size).slice(1)}`;
    exportsRenamed.set(name, field);
  }
  body.push(text(field), wasm.subarray(n + nameLen, descEnd));
  return descEnd;
}

if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error(`${wasmPath} is not a wasm module`);
const parts = [wasm.subarray(0, 8)];
let pos = 8;
while (pos < wasm.length) {
  const id = wasm[pos];
  const [size, start] = readU32(wasm, pos + 1);
  const end = start + size;
  if (id === 2) parts.push(rewriteSection(id, start, end, importEntry));
  else if (id === 7) parts.push(rewriteSection(id, start, end, exportEntry));
  else parts.push(wasm.subarray(pos, end));
  pos = end;
}
if (!renamed.size) throw new Error(`no imports from ${MODULE} in ${wasmPath}`);

// Each old name is a key of an import object (`__wbg_x_0123…:function(`), in one of the glue files: replaced only there.
const keyOf = (name) => new RegExp(`(?<=[{,\\s])${name.replace(/\$/g, '\\$')}(?=\\s*:)`, 'g');
const keyCount = (name) => glues.reduce((n, glue) => n + (glue.match(keyOf(name))?.length ?? 0), 0);
for (const [from, to] of renamed) {
  const hits = keyCount(from);
  if (hits !== 1) throw new Error(`import ${from}: ${hits} keys in ${glueNames}, expected 1`);
  for (let i = 0; i < glues.length; i++) glues[i] = glues[i].replace(keyOf(from), to);
}
for (const to of renamed.values()) {
  // A new name that was already a key elsewhere in the glue would now be a duplicate key.
  if (keyCount(to) !== 1) throw new Error(`short name ${to} is not unique in ${glueNames}`);
}
// Each renamed export is called by the glue as `wasm.<name>` (a longer name may start with a shorter one: the
// character after the name must not continue an identifier).
for (const [from, to] of [...exportsRenamed].sort(([a], [b]) => b.length - a.length)) {
  const call = new RegExp(`(?<=\\bwasm\\.)${from}(?![\\w$])`, 'g');
  if (!glues.some((glue) => glue.match(call))) throw new Error(`export ${from} is not called as wasm.${from} in ${glueNames}`);
  for (let i = 0; i < glues.length; i++) glues[i] = glues[i].replace(call, to);
  // (The glue's own wrapper function of the same name stays: a local function, which terser renames.)
  if (glues.some((glue) => glue.includes(`wasm.${from}`))) throw new Error(`export ${from} is still called in ${glueNames}`);
}
writeFileSync(wasmPath, Buffer.concat(parts));
gluePaths.forEach((path, i) => writeFileSync(path, glues[i]));
console.log(`${renamed.size} imports of ${MODULE} and ${exportsRenamed.size} closure exports renamed`);
