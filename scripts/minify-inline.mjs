// Minifies index.html's inline module script (the boot shell: language, modes, which code to fetch) after
// build.sh has written the build's file names into it. Every first visit reads it before anything else:
// −0.3 KiB brotli. Strings keep single quotes, which scripts/base-path.sh looks for (`import('/…')`,
// `module_or_path: '/…'`). The server hashes inline scripts for its CSP from the built page, so it follows.
//
// Usage: node scripts/minify-inline.mjs <index.html>   (rewritten in place)
// Fails, changing nothing, unless the page has exactly one inline module script.
import { readFileSync, writeFileSync } from 'node:fs';
import { minify } from 'terser';

const [pagePath] = process.argv.slice(2);
if (!pagePath) throw new Error('usage: minify-inline.mjs <index.html>');
const page = readFileSync(pagePath, 'utf8');
const scripts = [...page.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)];
if (scripts.length !== 1) throw new Error(`${pagePath}: ${scripts.length} inline module scripts, expected 1`);
const [whole, code] = scripts[0];
const out = await minify(code, { module: true, compress: true, mangle: true, format: { quote_style: 1 } });
if (!out.code || out.code.includes('</script')) throw new Error('terser gave no usable code');
writeFileSync(pagePath, page.replace(whole, () => `<script type="module">${out.code}</script>`));
