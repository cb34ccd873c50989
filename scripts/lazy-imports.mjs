// Lists the JS imports that only the lazy chunks can call: their glue need not be in every first download
// (scripts/lazy-glue.mjs moves it into a file fetched with the first chunk).
//
// wasm-split-cli keeps every JS import in the main module (a chunk cannot import from the glue), also those that only
// code moved into chunks calls: IndexedDB, canvas and photo, file and crypto calls of the report pages. Such an import
// is still called in the main module, but only by functions that wasm-split-cli put into the function table for the
// chunks. So an import is lazy when no path from what the main module runs by itself reaches it:
//   roots: the start function, the exports (not wasm-bindgen's `__wbindgen_describe*`, which wasm-bindgen runs at
//          build time and removes), and the table entries that were in the release module's own table (vtables and
//          function pointers, which the main module may call indirectly at any time);
//   edges: `call`, `return_call` and `ref.func` in function bodies.
// The table entries wasm-split-cli added for the chunks are not roots: only a chunk's code names their indices.
// The release module and the split main module name their functions alike (the linker's symbol names), which is how
// the release table's entries are found in the split module.
//
// Usage: node scripts/lazy-imports.mjs <release.wasm> <split main.wasm>  → one import name per line on stdout
// Fails when a module cannot be read, has no table, or more than half of the imports come out lazy (a sign that
// the names no longer match and the roots were missed).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [releasePath, splitPath] = process.argv.slice(2);
if (!releasePath || !splitPath) throw new Error('usage: lazy-imports.mjs <release.wasm> <split main.wasm>');
const WASM_DIS = fileURLToPath(new URL('../node_modules/.bin/wasm-dis', import.meta.url));

/** A function's name in binaryen's text: `$plain` or `$"with spaces"`. */
const NAME = String.raw`\$("(?:[^"\\]|\\.)*"|[^\s()]+)`;
const REFERENCE = new RegExp(String.raw`\b(?:call|return_call|ref\.func) ${NAME}`, 'g');

/** The parts of a module this needs, from binaryen's text of it. */
function read(path) {
  const text = execFileSync(WASM_DIS, [path], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  const imports = new Map(); // function name → [module, field]
  const bodies = new Map(); // function name → the names it references
  const elems = []; // function names in table element segments
  const roots = new Set();
  let current = null;
  for (const line of text.split('\n')) {
    if (line.startsWith(' (')) {
      current = null;
      let m;
      if ((m = new RegExp(String.raw`^ \(import "([^"]*)" "([^"]*)" \(func ${NAME}`).exec(line))) {
        imports.set(m[3], [m[1], m[2]]);
      } else if ((m = new RegExp(String.raw`^ \(func ${NAME}`).exec(line))) {
        current = new Set();
        bodies.set(m[1], current);
        continue;
      } else if (line.startsWith(' (elem ')) {
        // `(elem $0 (i32.const 1) $f $g …)` or `… funcref (item (ref.func $f)) (item (ref.null nofunc)) …`.
        const items = line.replace(/^ \(elem \$\S+ (?:\(table \$\S+\) )?\([^()]*\)/, '');
        for (const [, name] of items.matchAll(new RegExp(NAME, 'g'))) elems.push(name);
      } else if ((m = new RegExp(String.raw`^ \(export "([^"]*)" \(func ${NAME}\)`).exec(line))) {
        if (!m[1].startsWith('__wbindgen_describe')) roots.add(m[2]);
      } else if ((m = new RegExp(String.raw`^ \(start ${NAME}\)`).exec(line))) {
        roots.add(m[1]);
      } else {
        // Globals and other top-level forms may take a function's reference too.
        for (const [, name] of line.matchAll(REFERENCE)) roots.add(name);
      }
    }
    if (current) for (const [, name] of line.matchAll(REFERENCE)) current.add(name);
  }
  return { imports, bodies, elems, roots };
}

const release = read(releasePath);
const split = read(splitPath);
if (!release.elems.length || !split.elems.length) throw new Error('lazy-imports: a module without a function table');
const releaseTable = new Set(release.elems);
const releaseTableImports = new Set(
  release.elems.filter((f) => release.imports.has(f)).map((f) => release.imports.get(f).join('\0')),
);
const roots = new Set(split.roots);
for (const f of split.elems) {
  const imported = split.imports.get(f);
  if (imported ? releaseTableImports.has(imported.join('\0')) : releaseTable.has(f)) roots.add(f);
}
const reached = new Set();
const stack = [...roots];
while (stack.length) {
  const f = stack.pop();
  if (reached.has(f)) continue;
  reached.add(f);
  for (const g of split.bodies.get(f) ?? []) if (!reached.has(g)) stack.push(g);
}
// Only wasm-bindgen's own imports (`__wbg_…`), which it writes into the glue's import object.
const candidates = [...split.imports].filter(([, [, field]]) => field.startsWith('__wbg_'));
const lazy = candidates.filter(([f]) => !reached.has(f)).map(([, [, field]]) => field);
if (lazy.length * 2 > candidates.length) {
  throw new Error(`lazy-imports: ${lazy.length} of ${candidates.length} imports unreached, the table's names did not match`);
}
process.stdout.write(lazy.map((field) => `${field}\n`).join(''));
