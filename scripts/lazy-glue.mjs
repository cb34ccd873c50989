// Moves the glue of the imports only lazy chunks call (scripts/lazy-imports.mjs lists them) out of the wasm-bindgen
// glue into a module of its own, fetched with the first chunk: every first visit downloads the glue, and ~70 of its
// ~230 import functions serve only the report pages (IndexedDB, canvas, photos, files, crypto).
//
// The main module still imports them (wasm-split-cli keeps all imports there), so the glue's import object becomes a
// Proxy that answers a missing name with a function calling the lazy module's; nothing calls those before a chunk
// runs (that is what lazy-imports.mjs checks), and the split loader's chunk loads now wait for the lazy module
// (`loadLazy`) before they instantiate a chunk. The lazy module reads the glue's own helpers (string passing,
// memory views, error handling) through exports added here under short names; `wasm` and the like are live bindings,
// so it sees them once the main module is up.
//
// Usage: node scripts/lazy-glue.mjs <glue.js> <lazy.js to write> <__wasm_split.js> < names   (glue and loader
// rewritten in place). The glue imports the lazy module as "./qingshui_lazy.js" and the lazy module the glue as
// "./qingshui.js"; scripts/build.sh gives both their hashed names.
// Fails, changing nothing, when a name is not exactly one key of the glue's import object, or the glue or the
// loader is not in the shape wasm-bindgen 0.2.130 and wasm-split-cli write.
import { readFileSync, writeFileSync } from 'node:fs';
import * as acorn from 'acorn';

const [gluePath, lazyPath, loaderPath] = process.argv.slice(2);
if (!gluePath || !lazyPath || !loaderPath) throw new Error('usage: lazy-glue.mjs <glue.js> <lazy.js> <__wasm_split.js> < names');
const names = new Set(readFileSync(0, 'utf8').split('\n').filter(Boolean));
const glue = readFileSync(gluePath, 'utf8');
let loader = readFileSync(loaderPath, 'utf8');
const fail = (why) => {
  throw new Error(`lazy-glue: ${why}`);
};

const ast = acorn.parse(glue, { ecmaVersion: 'latest', sourceType: 'module' });

// The glue's top-level names: the helpers a moved import function may use.
const topLevel = new Set();
for (const node of ast.body) {
  const decl = node.type === 'ExportNamedDeclaration' ? node.declaration : node;
  if (!decl) continue;
  if (decl.id) topLevel.add(decl.id.name);
  for (const d of decl.declarations ?? []) if (d.id.type === 'Identifier') topLevel.add(d.id.name);
}

// `const import0 = { __proto__: null, __wbg_…: function(…) {…}, … }` in `__wbg_get_imports`.
const getImports = ast.body.find((n) => n.type === 'FunctionDeclaration' && n.id.name === '__wbg_get_imports');
const importObject = getImports?.body.body
  .flatMap((s) => (s.type === 'VariableDeclaration' ? s.declarations : []))
  .find((d) => d.id.name === 'import0')?.init;
if (importObject?.type !== 'ObjectExpression') fail('no `const import0 = {…}` in __wbg_get_imports');
const moved = importObject.properties.filter((p) => p.key?.type === 'Identifier' && names.has(p.key.name));
for (const name of names) {
  const n = moved.filter((p) => p.key.name === name).length;
  if (n !== 1) fail(`import ${name}: ${n} keys in the import object, expected 1`);
}

// The top-level names a piece of the glue uses (identifiers in use, not property names or keys).
function uses(root, skip = new Set()) {
  const found = new Set();
  (function walk(node, parent, key) {
    if (!node || typeof node.type !== 'string' || skip.has(node)) return;
    if (node.type === 'Identifier' && topLevel.has(node.name)) {
      const isPropertyName = parent?.type === 'MemberExpression' && key === 'property' && !parent.computed;
      const isKey = parent?.type === 'Property' && key === 'key' && !parent.computed;
      if (!isPropertyName && !isKey) found.add(node.name);
    }
    for (const [k, v] of Object.entries(node)) {
      if (Array.isArray(v)) for (const c of v) walk(c, node, k);
      else if (v && typeof v.type === 'string') walk(v, node, k);
    }
  })(root);
  return found;
}
const movedProps = new Set(moved);
// A top-level function or one-name `const` that only moved code uses moves with it (wasm-bindgen's enum tables of
// IndexedDB and image options): found by repeating until nothing more qualifies.
const declared = (node) => (node.type === 'FunctionDeclaration' ? node.id.name
  : node.type === 'VariableDeclaration' && node.kind === 'const' && node.declarations.length === 1
    && node.declarations[0].id.type === 'Identifier' ? node.declarations[0].id.name : null);
const statementUses = new Map(ast.body.map((node) => [node, uses(node, movedProps)]));
const movedDecls = new Set();
let used = new Set(moved.flatMap((p) => [...uses(p.value)]));
for (let grew = true; grew;) {
  grew = false;
  for (const node of ast.body) {
    const name = declared(node);
    if (!name || movedDecls.has(node) || !used.has(name)) continue;
    const usedElsewhere = ast.body.some((other) => other !== node && !movedDecls.has(other) && statementUses.get(other).has(name));
    if (usedElsewhere) continue;
    movedDecls.add(node);
    for (const n of statementUses.get(node)) used.add(n);
    grew = true;
  }
}
const movedNames = new Set([...movedDecls].map(declared));
used = new Set([...used].filter((n) => !movedNames.has(n)));

// Cut from the end so earlier offsets stay right; each property goes with the comma after it.
let out = glue;
for (const node of [...moved, ...movedDecls].sort((a, b) => b.start - a.start)) {
  const after = movedProps.has(node) ? /^\s*,/.exec(out.slice(node.end)) : null;
  out = out.slice(0, node.start) + out.slice(node.end + (after ? after[0].length : 0));
}
const OBJECT_ENTRY = '"./qingshui_bg.js": import0,';
if (out.split(OBJECT_ENTRY).length !== 2) fail(`the glue does not hand over its import object as ${OBJECT_ENTRY}`);
out = out.replace(
  OBJECT_ENTRY,
  '"./qingshui_bg.js": new Proxy(import0, { get: (t, k) => t[k] ?? ((...a) => lazyImports[k](...a)) }),',
);
const helpers = [...used].sort();
const alias = (i) => `$l${i}`;
out += `
let lazyImports, lazyLoad;
/** The glue of the imports only lazy chunks call; the split loader awaits it before it instantiates a chunk. */
export function loadLazy() {
    return lazyLoad ??= import("./qingshui_lazy.js").then(
        (m) => { lazyImports = m.default; },
        (e) => { lazyLoad = undefined; throw e; },
    );
}
export { ${helpers.map((h, i) => `${h} as ${alias(i)}`).join(', ')} };
`;

const lazy = `import { ${helpers.map((h, i) => `${alias(i)} as ${h}`).join(', ')} } from "./qingshui.js";
${[...movedDecls].sort((a, b) => a.start - b.start).map((node) => glue.slice(node.start, node.end)).join('\n')}
export default {
    __proto__: null,
${moved.map((p) => `    ${glue.slice(p.start, p.end)},`).join('\n')}
};
`;

// The loader's chunk loads wait for the lazy glue beside the chunks they depend on.
const LOADER_IMPORT = 'import { initSync } from "./qingshui.js";';
const LOADER_WAIT = 'await Promise.all(parallelStuff);';
for (const part of [LOADER_IMPORT, LOADER_WAIT]) {
  if (loader.split(part).length !== 2) fail(`the split loader does not contain \`${part}\` once`);
}
loader = loader
  .replace(LOADER_IMPORT, 'import { initSync, loadLazy } from "./qingshui.js";')
  .replace(LOADER_WAIT, 'await Promise.all([...parallelStuff, loadLazy()]);');

writeFileSync(gluePath, out);
writeFileSync(lazyPath, lazy);
writeFileSync(loaderPath, loader);
console.log(`${moved.length} imports' glue moved to ${lazyPath} with ${[...movedNames].join(', ') || 'no declarations'}; ` +
  `helpers shared: ${helpers.join(', ')}`);
