#!/usr/bin/env bash
# Builds the static app into dist/: release wasm → wasm-split-cli (lazy pages into chunks) → wasm-bindgen glue
# → wasm-opt -Oz → content-hashed file names (so a CDN and browsers may cache them forever) → index.html
# pointing at those names → public/*.
# Plain cargo + wasm-split-cli + wasm-bindgen + wasm-opt instead of Trunk: Trunk cannot split the wasm, and
# this needs no 15-minute tool install.
# Expects the tools of `scripts/setup.sh build`.
set -euo pipefail
cd "$(dirname "$0")/.."

TAG=build
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
ensure_cargo_bin_on_path

WASM_OPT=node_modules/.bin/wasm-opt
require wasm-bindgen "run scripts/setup.sh build"
require wasm-split-cli "run scripts/setup.sh build"
[ -x "$WASM_OPT" ] || die "$WASM_OPT missing: run scripts/setup.sh build"
TERSER=node_modules/.bin/terser
[ -x "$TERSER" ] || die "$TERSER missing: run scripts/setup.sh build"
[ -d node_modules/clean-css ] || die "node_modules/clean-css missing: run scripts/setup.sh build"
for f in index.html style/main.css style/page-station.css style/page-forms.css; do
  [ -f "$f" ] || die "$f is missing"
done

# Feature flags of the wasm that rustc 1.95 emits for wasm32-unknown-unknown by default (its "generic" CPU):
# wasm-opt must be allowed every feature the module uses or it refuses to run.
WASM_OPT_FEATURES=(
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue
)

# BASE_PATH=/water/ builds for serving under a sub-path (QINGSHUI_BASE_PATH=/water on the server): the page
# gets <base href="/water/"> (the app reads its router base from it) and its root-absolute URLs get the prefix.
base=$(printf '/%s/' "${BASE_PATH:-}" | tr -s '/')

# Content hashes in file names: 8 hex digits (32 bits) tell one build's file from another's, which is all a
# cache needs; index.html and the split loader name ~70 files, and the two digits more cost every first visit
# ~80 B of names that do not compress.
hash8() { sha256sum "$1" | cut -c1-8; }

# Replaces every occurrence of a literal string in a file (no regex surprises from dots in file names).
replace_literal() {
  FROM="$2" TO="$3" perl -0pi -e 's/\Q$ENV{FROM}\E/$ENV{TO}/g' "$1"
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="$work/dist"
mkdir -p "$out"

# Release wasm with the app's own std (scripts/lib.sh, cargo_release_wasm: panics as bare traps, −17.5 KiB).
cargo_release_wasm -p qingshui --features split

# Lazy pages (src/pages/lazy.rs) become their own wasm chunks, fetched when a resident opens them; the
# main module keeps what the nearby view needs. wasm-split-cli also writes __wasm_split.js, the loader the
# chunks are fetched through.
say "wasm-split-cli"
wasm-split-cli "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/qingshui.wasm" "$work/split" \
  --target web --out-name qingshui

# The JS imports only the chunks call (report pages: IndexedDB, canvas, files), read before wasm-bindgen rewrites
# the module: their glue is fetched with the first chunk instead of on every first visit (see the two scripts).
node scripts/lazy-imports.mjs "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/qingshui.wasm" \
  "$work/split/qingshui.wasm" >"$work/lazy-imports.txt"

say "wasm-bindgen --target web"
# --keep-lld-exports: the loader hands the main module's function table and globals to each chunk.
wasm-bindgen --target web --no-typescript --keep-lld-exports --out-dir "$work/bindgen" --out-name qingshui \
  "$work/split/qingshui.wasm"

say "wasm-opt -Oz"
# wasm-opt warns about the split modules' name subsections it does not know; they are stripped anyway.
# QINGSHUI_KEEP_NAMES=1 keeps the function names (-g) so a browser profile names Rust functions; for
# profiling only: the wasm is larger and its hash differs.
strip_flags=(--strip-debug --strip-producers)
[ "${QINGSHUI_KEEP_NAMES:-0}" = 1 ] && strip_flags=(-g --strip-producers)
# Before -Oz, every module is first cut by merging functions that differ only in constants (binaryen's
# merge-similar-functions, once exact duplicates are gone; -Oz alone does not run it): Leptos' generics give many
# near-twins. −1.1 KiB brotli on the main module, −1.0 KiB on the report form's chunk.
MERGE_PASSES=(--duplicate-function-elimination --merge-similar-functions)
# Two facts of Rust's wasm that let wasm-opt fold more (−0.6 KiB brotli on the main module): the low 1 KiB of
# memory is never used (rustc puts the stack first, growing down from 1 MiB towards it, and the data above it),
# and no load or integer division traps implicitly (safe Rust checks indices and divisors itself; a failed
# check is an explicit trap, which stays).
ASSUME=(--low-memory-unused --ignore-implicit-traps)
# Extra passes run before -Oz: `wasm_opt in out [pass…]`.
wasm_opt() {
  { "$WASM_OPT" "${MERGE_PASSES[@]}" "${ASSUME[@]}" "${@:3}" -Oz "${strip_flags[@]}" "${WASM_OPT_FEATURES[@]}" "$1" -o "$2" 2>&1 1>&3 |
    { grep -v 'unknown name subsection' >&2 || true; }; } 3>&1
}
# wasm-streams' JS stream classes (IntoUnderlyingSource, …Sink, …ByteSource), which Leptos brings through
# server_fn and this app never uses, were never linked (scripts/wasm-ld-no-streams.sh, −4.6 KiB brotli with
# their wasm-opt predecessor); scripts/trim-glue.mjs drops the classes wasm-bindgen still writes into
# the glue for them (−0.3 KiB).
# --converge repeats -Oz while the module still shrinks: −0.8 KiB brotli for ~15 s of build, on the main module
# only (every first visit downloads it).
wasm_opt "$work/bindgen/qingshui_bg.wasm" "$work/qingshui_bg.wasm" --converge
node scripts/trim-glue.mjs "$work/bindgen/qingshui.js"
loader="$work/split/__wasm_split.js"
lazy_js="$work/bindgen/qingshui_lazy.js"
node scripts/lazy-glue.mjs "$work/bindgen/qingshui.js" "$lazy_js" "$loader" <"$work/lazy-imports.txt"
# One line per chunk in the loader, and each page's files named by its load function (see the script).
node scripts/compact-loader.mjs "$loader"
# The JS imports get short names in the wasm and the glue (−5.7 KiB brotli of hashes in both; see the script).
node scripts/short-imports.mjs "$work/qingshui_bg.wasm" "$work/bindgen/qingshui.js" "$lazy_js"
wasm_name="qingshui_bg-$(hash8 "$work/qingshui_bg.wasm").wasm"
cp "$work/qingshui_bg.wasm" "$out/$wasm_name"

for chunk in "$work/split"/*.wasm; do
  base_name="$(basename "$chunk" .wasm)"
  [ "$base_name" = qingshui ] && continue
  wasm_opt "$chunk" "$work/$base_name.wasm"
  chunk_name="$base_name-$(hash8 "$work/$base_name.wasm").wasm"
  cp "$work/$base_name.wasm" "$out/$chunk_name"
  replace_literal "$loader" "\"./$base_name.wasm\"" "\"./$chunk_name\""
done

# The glue finds its wasm with new URL('qingshui_bg.wasm', import.meta.url); point it at the hashed file.
js="$work/bindgen/qingshui.js"
replace_literal "$js" "qingshui_bg.wasm" "$wasm_name"
# The glue imports the loader and the loader imports the glue (for the main module's exports), so neither can
# be named by its own hash: both are named by one hash of the whole set, and each names the other.
build_hash="$(cat "$js" "$lazy_js" "$loader" "$out"/*.wasm | sha256sum | cut -c1-8)"
js_name="qingshui-$build_hash.js"
lazy_name="qingshui-lazy-$build_hash.js"
loader_name="__wasm_split-$build_hash.js"
# Only the module specifiers change: the wasm's import module is still called "./__wasm_split.js".
FROM='from "./__wasm_split.js"' TO="from \"./$loader_name\"" perl -0pi -e 's/\Q$ENV{FROM}\E/$ENV{TO}/g' "$js"
replace_literal "$loader" 'from "./qingshui.js"' "from \"./$js_name\""
replace_literal "$js" 'import("./qingshui_lazy.js")' "import(\"./$lazy_name\")"
replace_literal "$lazy_js" 'from "./qingshui.js"' "from \"./$js_name\""
grep -q "$lazy_name" "$js" || die "the glue does not import its lazy part as expected (scripts/lazy-glue.mjs changed?)"
grep -q "$js_name" "$lazy_js" || die "the glue's lazy part does not import the glue as expected"
grep -q "$loader_name" "$js" || die "the glue does not import the split loader as expected (wasm-bindgen changed?)"
grep -q "$js_name" "$loader" || die "the split loader does not import the glue as expected (wasm-split-cli changed?)"
# Every first visit reads the glue and the loader before the app starts: minified (−2.4 KiB brotli of ~11), after
# the rewrites above, which look for their exact text. Property names and exports stay (the wasm imports by them).
minify() { "$TERSER" "$1" --module --compress --mangle --keep-classnames -o "$2"; }
minify "$js" "$out/$js_name"
minify "$loader" "$out/$loader_name"
minify "$lazy_js" "$out/$lazy_name"
# wasm-bindgen puts inline JS snippets next to the glue; the glue imports them by relative path.
if [ -d "$work/bindgen/snippets" ]; then
  cp -R "$work/bindgen/snippets" "$out/snippets"
fi

# The style sheet is on every first visit's critical path: minified by clean-css (level 1: comments, spaces,
# shorter values; no rule merging), 5.1 → 3.5 KiB brotli. The lazy pages' own rules are in style/page-*.css,
# fetched with those pages' code (src/pages/lazy.rs): main.css 3.5 → 2.0 KiB.
minify_css() {
  node -e '
    const CleanCSS = require("clean-css");
    const fs = require("fs");
    const out = new CleanCSS({ level: 1 }).minify(fs.readFileSync(process.argv[1], "utf8"));
    if (out.errors.length || out.warnings.length) {
      console.error([...out.errors, ...out.warnings].join("\n"));
      process.exit(1);
    }
    fs.writeFileSync(process.argv[2], out.styles);' "$1" "$2" ||
    die "clean-css could not minify $1"
}
minify_css style/main.css "$work/main.css"
css_name="main-$(hash8 "$work/main.css").css"
cp "$work/main.css" "$out/$css_name"

# Every resident downloads the page before anything else: it ships without its comments (they are for us) and
# indentation, ~20 % of it compressed. Only whole-line `//` and one-line `/* */` comments are dropped, never a
# line of code.
perl -0pe 's{<!--(?!\[).*?-->\n?}{}gs; s{^[ \t]*//.*\n}{}gm; s{^[ \t]*/\*[^\n]*?\*/[ \t]*\n}{}gm; s{^[ \t]+}{}gm' \
  index.html > "$out/index.html"
grep -q '/qingshui.js' "$out/index.html" || die "index.html must load the app as /qingshui.js (see docs/contracts.md)"
grep -q '/style/main.css' "$out/index.html" || die "index.html must link /style/main.css (see docs/contracts.md)"
replace_literal "$out/index.html" "/qingshui_bg.wasm" "/$wasm_name"
replace_literal "$out/index.html" "/qingshui.js" "/$js_name"
replace_literal "$out/index.html" "/style/main.css" "/$css_name"
replace_literal "$out/index.html" "/__wasm_split.js" "/$loader_name"
grep -q "/$loader_name" "$out/index.html" || die "index.html must preload the split loader as /__wasm_split.js"
# The lazy pages' texts (src/i18n/page_texts.rs) and stylesheets (style/page-*.css), under hashed names that
# index.html's metas give the app and its preloads.
for group in station forms; do
  texts="page-texts-$group"
  texts_name="$texts-$(hash8 "src/i18n/$texts.json").json"
  cp "src/i18n/$texts.json" "$out/$texts_name"
  replace_literal "$out/index.html" "<meta name=\"qingshui:$texts\" content=\"$texts.json\">" \
    "<meta name=\"qingshui:$texts\" content=\"$texts_name\">"
  grep -q "$texts_name" "$out/index.html" || die "index.html must name $texts.json in <meta name=\"qingshui:$texts\">"
  style="page-style-$group"
  minify_css "style/page-$group.css" "$work/$style.css"
  style_name="$style-$(hash8 "$work/$style.css").css"
  cp "$work/$style.css" "$out/$style_name"
  replace_literal "$out/index.html" "<meta name=\"qingshui:$style\" content=\"$style.css\">" \
    "<meta name=\"qingshui:$style\" content=\"$style_name\">"
  grep -q "$style_name" "$out/index.html" || die "index.html must name $style.css in <meta name=\"qingshui:$style\">"
done
# A page opened directly preloads its files, which the split loader names (scripts/compact-loader.mjs).
grep -q "import('/$loader_name')" "$out/index.html" || die "index.html must read the pages' files from import('/__wasm_split.js')"
node scripts/minify-inline.mjs "$out/index.html"

if [ -d public ]; then
  cp -R public/. "$out/"
fi

if [ "$base" != "/" ]; then
  say "base path $base"
  scripts/base-path.sh "$out" "$base"
fi

# The service worker precaches this build's whole dist/ (the app shell: page, hashed code, config, icons) and
# names its cache after a hash of those files, so a new build replaces the old shell (see public/sw.js).
if [ -f "$out/sw.js" ]; then
  shell_files=$(cd "$out" && find . -type f ! -name sw.js | sed "s|^\./|$base|" | LC_ALL=C sort)
  if printf '%s\n' "$shell_files" | grep -q "['\\]"; then die "a file name in dist/ contains a quote or backslash"; fi
  shell_list=$(printf '%s\n' "$shell_files" | sed "s|.*|'&'|" | paste -sd, -)
  build_id=$(cd "$out" && find . -type f ! -name sw.js -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-10)
  replace_literal "$out/sw.js" "'__QINGSHUI_SHELL__'" "$shell_list"
  # The lazy chunks among them: a lite-mode worker stores those only once the app fetches them.
  lazy_list=$(printf '%s\n' "$shell_files" | grep -E '/((split_|chunk_)[^/]*\.wasm|qingshui-lazy-[^/]*\.js|page-texts-[^/]*\.json|page-style-[^/]*\.css)$' | sed "s|.*|'&'|" | paste -sd, -)
  [ -n "$lazy_list" ] || die "no lazy wasm chunks in dist/ (wasm-split-cli output changed?)"
  replace_literal "$out/sw.js" "'__QINGSHUI_LAZY__'" "$lazy_list"
  replace_literal "$out/sw.js" "__QINGSHUI_BUILD__" "$build_id"
  ! grep -q '__QINGSHUI_' "$out/sw.js" || die "public/sw.js placeholders were not replaced"
fi

# Swap in one step so a running server never serves a half-written dist/.
rm -rf dist.old
[ -d dist ] && mv dist dist.old
mv "$out" dist
rm -rf dist.old

raw=$(wc -c <"dist/$wasm_name")
gz=$(gzip -9c "dist/$wasm_name" | wc -c)
br=$(node -e '
  const zlib = require("zlib");
  const data = require("fs").readFileSync(process.argv[1]);
  const q = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } };
  console.log(zlib.brotliCompressSync(data, q).length);' "dist/$wasm_name")
kib() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }
say "dist/ ready:"
say "  $wasm_name  raw $(kib "$raw"), gzip -9 $(kib "$gz"), brotli 11 $(kib "$br")"
say "  $js_name  $(kib "$(wc -c <"dist/$js_name")")"
say "  $css_name  $(kib "$(wc -c <"dist/$css_name")")"
for f in dist/*.wasm; do
  [ "$f" = "dist/$wasm_name" ] || say "  $(basename "$f")  $(kib "$(wc -c <"$f")")  (lazy page chunk)"
done
