#!/usr/bin/env bash
# Prepares a built dist/ for serving under a sub-path: `scripts/base-path.sh DIR /water/`.
# The page gets <base href="/water/"> (the app reads its router base and the place of config.json from it)
# and its root-absolute URLs ("/x", not "//host/x") get the prefix: attributes, the bootstrap's import('/…')
# and module_or_path: '/…', and the manifest's id, start_url, scope and icons. Called by build.sh when
# BASE_PATH is set; the e2e tests call it on a copy of dist/ to test sub-path hosting without a rebuild.
set -euo pipefail
cd "$(dirname "$0")/.."
TAG=base-path
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

[ $# -eq 2 ] || die "usage: scripts/base-path.sh DIR /base/"
dir="$1"
base=$(printf '/%s/' "$2" | tr -s '/')
case "$base" in
  *[!A-Za-z0-9/._~-]* | */./* | */../*) die "the base must be a plain path such as /water/ (got '$2')" ;;
esac
[ "$base" != "/" ] || exit 0
[ -f "$dir/index.html" ] || die "$dir/index.html is missing"
grep -q '<base ' "$dir/index.html" && die "$dir/index.html already has a <base>"

BASE="$base" perl -0pi -e '
  s{(\b(?:href|src)=")/(?!/)}{$1$ENV{BASE}}g;
  s{((?:import\(|module_or_path:\s*)\x27)/(?!/)}{$1$ENV{BASE}}g;
  s{(<meta charset="utf-8">)}{$1\n  <base href="$ENV{BASE}">}i;
' "$dir/index.html"
grep -q "<base href=\"$base\">" "$dir/index.html" || die "index.html needs <meta charset=\"utf-8\"> for the <base> to follow"
if [ -f "$dir/manifest.webmanifest" ]; then
  BASE="$base" perl -0pi -e 's{("(?:id|start_url|scope|src)"\s*:\s*")/(?!/)}{$1$ENV{BASE}}g' "$dir/manifest.webmanifest"
fi
