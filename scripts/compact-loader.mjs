// Rewrites the split loader that wasm-split-cli writes (`__wasm_split.js`) so that
// 1. each module's load is one line, `makeLoad("./chunk_8.wasm", [deps])`, instead of the same five-line fetch
//    closure written out for each of the ~40 chunks (the fetch now lives once, in `makeLoad`): the loader is on
//    every first visit's critical path;
// 2. each split module's load function can name its files, `files()`: its own chunk and the chunks it waits for
//    (`__wasm_split_load_page_station.files()` → ["split_page_station.wasm", "chunk_8.wasm", …]). index.html
//    reads them from the loader to preload a page opened directly, instead of carrying a list of every page's
//    files in every first visit's page (~0.5 KiB brotli).
// The chunks' names are rewritten to their hashed names afterwards (scripts/build.sh), as before.
//
// Usage: node scripts/compact-loader.mjs <__wasm_split.js>   (rewritten in place)
// Fails, changing nothing, when the loader is not in the shape wasm-split-cli 0.2 writes.
import { readFileSync, writeFileSync } from 'node:fs';

const [path] = process.argv.slice(2);
if (!path) throw new Error('usage: compact-loader.mjs <__wasm_split.js>');
let loader = readFileSync(path, 'utf8');
const fail = (why) => {
  throw new Error(`compact-loader: ${why} (wasm-split-cli output changed?)`);
};
/** Replaces `from`, which must occur exactly once. */
function once(from, to) {
  if (loader.split(from).length !== 2) fail(`\`${from.split('\n')[0]}…\` is not in the loader once`);
  loader = loader.replace(from, to);
}

// The fetch of one module, as written for each: `makeLoad(() => { const src = fetch(new URL("./x.wasm", …)); … }`.
const FETCHER = /makeLoad\(\(\) => \{\n {4}const src = fetch\(new URL\("(\.\/[^"]+\.wasm)", import\.meta\.url\)\);\n {4}src\.catch\(\(\) => \{\}\);\n {4}return async \(imports\) => \(WebAssembly\.instantiateStreaming\(src, imports\)\);\n\}\n, /g;
const loads = loader.split('makeLoad(').length - 2; // less the definition
const compacted = loader.match(FETCHER)?.length ?? 0;
if (!loads || compacted !== loads) fail(`${compacted} of ${loads} module loads in the expected form`);
loader = loader.replace(FETCHER, (_, file) => `makeLoad("${file}", `);

once(
  'function makeLoad(fetcher, deps) {\n',
  `function makeLoad(file, deps) {
    const fetcher = () => {
        const src = fetch(new URL(file, import.meta.url));
        src.catch(() => {});
        return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
    };
`,
);
once('    return () => {\n        if (loadingModule === undefined) {', '    const load = () => {\n        if (loadingModule === undefined) {');
once(
  '        return loadingModule;\n    }\n}\n',
  `        return loadingModule;
    };
    // The module's file and those of the chunks it waits for, without "./" (index.html preloads them).
    load.files = () => [file.slice(2), ...deps.flatMap((d) => d.files())];
    return load;
}
`,
);
once('function wrapAsyncCb(callee) {\n    return async (callbackIndex, callbackData) => {', 'function wrapAsyncCb(callee) {\n    const callback = async (callbackIndex, callbackData) => {');
once(
  '(callbackData, success);\n        }\n    }\n}\n',
  '(callbackData, success);\n        }\n    };\n    callback.files = callee.files;\n    return callback;\n}\n',
);
writeFileSync(path, loader);
console.log(`split loader: ${loads} module loads compacted`);
