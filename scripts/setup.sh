#!/usr/bin/env bash
# Installs what building and testing Qingshui needs, and only what is missing, so that a second run costs
# a second. `scripts/setup.sh build` = the tools `make build` / `make run` need; `scripts/setup.sh all`
# (the default) adds the browser that `make test` drives. Every install is announced on stdout.
#
# Assumes a Debian machine with rustup, node + npm, gcc and make; everything else comes from crates.io,
# the npm registry or Debian's archive (no downloads from anywhere else: CI machines reach only those).
set -euo pipefail
cd "$(dirname "$0")/.."

TAG=setup
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

ensure_rust() {
  require rustup "install Rust with rustup (https://rustup.rs) first"
  require cargo "install Rust with rustup first"
  # Read into variables first: `rustup … | grep -q` under pipefail fails when grep stops reading early.
  local targets installed
  targets="$(rustup target list --installed)"
  if ! grep -qx 'wasm32-unknown-unknown' <<<"$targets"; then
    say "installing Rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  installed="$(rustup component list --installed)"
  # rust-src: the release wasm builds its own standard library (scripts/build.sh, "smaller std").
  for component in rustfmt clippy rust-src; do
    if ! grep -q "^${component}\(-\|$\)" <<<"$installed"; then
      say "installing Rust component $component"
      rustup component add "$component"
    fi
  done
}

# The CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock: the glue it writes and the
# code the macro generated must agree, and the CLI refuses a mismatch.
wasm_bindgen_lock_version() {
  awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_wasm_bindgen() {
  local want have_cli have_runner
  [ -f Cargo.lock ] || die "Cargo.lock is missing; it pins the wasm-bindgen version"
  want="$(wasm_bindgen_lock_version)"
  [ -n "$want" ] || die "no wasm-bindgen package in Cargo.lock"
  have_cli="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
  have_runner="$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}' || true)"
  if [ "$have_cli" = "$want" ] && [ "$have_runner" = "$want" ]; then
    return
  fi
  say "installing wasm-bindgen-cli $want (found: ${have_cli:-none}); this compiles for several minutes once"
  # Not --locked: the CLI's own lock file pins crates that may be yanked later; its version is what matters.
  cargo install wasm-bindgen-cli --version "$want"
  have_cli="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
  [ "$have_cli" = "$want" ] || die "wasm-bindgen on PATH is '${have_cli:-none}', expected $want (check PATH order)"
}

# wasm-split-cli cuts the lazily loaded pages (src/pages/lazy.rs: station, reporting, My reports, one report,
# settings) out of the wasm, so the nearby view does not download them (see scripts/build.sh). Pinned: its
# loader and the wasm_split_helpers runtime inside Leptos must agree.
WASM_SPLIT_VERSION=0.2.4
ensure_wasm_split() {
  # The CLI has no --version; cargo's list of installed packages has it.
  if command -v wasm-split-cli >/dev/null 2>&1 &&
    cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    return
  fi
  say "installing wasm-split-cli $WASM_SPLIT_VERSION; this compiles for a few minutes once"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
  require wasm-split-cli "check that ~/.cargo/bin is on PATH"
}

# node_modules is rebuilt when package-lock.json changed since the last `npm ci` (a stamp records its hash),
# so a dependency bump never runs against stale tools.
ensure_npm_tools() {
  require node "install Node.js 20 or newer"
  require npm "install npm"
  local stamp=node_modules/.qingshui-lock.sha256 want have=""
  [ -f package-lock.json ] || die "package-lock.json is missing"
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  [ -f "$stamp" ] && have="$(cat "$stamp")"
  if [ "$want" != "$have" ] || [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/terser ]; then
    say "installing npm tools from package-lock.json (binaryen for wasm-opt and wasm-dis, terser, acorn, clean-css, playwright-core, axe-core)"
    npm ci --no-audit --no-fund --loglevel=error
    printf '%s\n' "$want" >"$stamp"
  fi
  [ -x node_modules/.bin/wasm-opt ] && [ -x node_modules/.bin/terser ] || die "wasm-opt or terser missing in node_modules/.bin after npm ci"
}

# Debian's own Chromium and its matching chromedriver: the browser tests never download a browser. openssl
# makes the certificate of the HTTPS end-to-end test (tests/e2e/https.test.mjs) and of `make bench`. A Chinese
# font: without one Chromium draws every Chinese character as an empty box of another width, and the tests
# that measure the Chinese pages (target sizes, layout) measure boxes; WenQuanYi Micro Hei is the smallest
# (1.6 MB), used only where no font covers Chinese already.
ensure_test_packages() {
  local missing=()
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || missing+=(chromium chromium-driver)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  if ! command -v fc-list >/dev/null 2>&1; then
    missing+=(fontconfig fonts-wqy-microhei)
  elif [ -z "$(fc-list :lang=zh)" ]; then
    missing+=(fonts-wqy-microhei)
  fi
  [ "${#missing[@]}" -eq 0 ] && return
  command -v apt-get >/dev/null 2>&1 || die "${missing[*]} missing and no apt-get: install them"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    require sudo "run as root or install sudo, to install ${missing[*]}"
    sudo="sudo"
  fi
  say "installing ${missing[*]} with apt-get"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || die "apt-get did not install /usr/bin/chromium and /usr/bin/chromedriver"
  command -v openssl >/dev/null 2>&1 || die "apt-get did not install openssl"
  [ -n "$(fc-list :lang=zh 2>/dev/null || true)" ] || die "apt-get did not install a font for Chinese (fc-list :lang=zh is empty)"
}

# A build that runs out of disk fails deep in a linker ("Bus error") or in SQLite; say so up front instead.
# `make test` on a clean clone writes about 5 GiB (target/ 4.5 GiB, node_modules, the demo databases); 6 leaves
# a little room. Override with QINGSHUI_MIN_FREE_GIB.
MIN_FREE_GIB="${QINGSHUI_MIN_FREE_GIB:-6}"
ensure_disk_space() {
  local free_kib
  free_kib="$(df -Pk . | awk 'NR == 2 { print $4 }')"
  [ -n "$free_kib" ] || return 0
  if [ "$free_kib" -lt $((MIN_FREE_GIB * 1024 * 1024)) ]; then
    die "only $((free_kib / 1024)) MiB free on this disk; building and testing needs about ${MIN_FREE_GIB} GiB (free space, e.g. 'cargo clean', or set QINGSHUI_MIN_FREE_GIB)"
  fi
}

setup_build() {
  ensure_disk_space
  ensure_cargo_bin_on_path
  ensure_rust
  ensure_wasm_bindgen
  ensure_wasm_split
  ensure_npm_tools
}

setup_all() {
  setup_build
  ensure_test_packages
}

main() {
  case "${1:-all}" in
  build) setup_build ;;
  all) setup_all ;;
  *) die "usage: scripts/setup.sh [build|all]" ;;
  esac
  say "tools ready"
}

main "$@"
