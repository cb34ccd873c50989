#!/usr/bin/env bash
# `make bench`: builds the app and the server, starts the server on a new temporary database holding the
# 17,000-station demo city on a free loopback port, and measures — static sizes, top wasm contributors,
# answer sizes of the contract's requests, throughput and latency under load, shrinking a 12-megapixel photo
# in Chromium, demo generation time.
# Prints markdown tables and writes target/bench/bench.json (+ bench.md). Figures, not pass/fail; not part
# of `make test` or CI. The server it starts is stopped on exit (only that process).
#
# Settings: QINGSHUI_BENCH_SECONDS (10 per load run), QINGSHUI_BENCH_CONNECTIONS (16),
# QINGSHUI_BENCH_STATIONS (17000), QINGSHUI_BENCH_BUILD=0 measures dist/ as it is instead of rebuilding it,
# QINGSHUI_BENCH_TWIGGY=0 skips the wasm build with symbols (minutes the first time: a second LTO build of
# the app in target/bench/wasm-names), QINGSHUI_BENCH_LIGHTHOUSE=0 skips Lighthouse (installed on first use
# into .bench/, ignored by git, so `npm ci` and `make test` never pay for it), QINGSHUI_BENCH_CLIENT_RUNS (5)
# sets the repeats of the client-side fallback timing, QINGSHUI_BENCH_PHOTO=0 skips the photo pipeline
# (scripts/bench/photo.mjs) and QINGSHUI_BENCH_PHOTO_RUNS (3) sets its repeats per CPU setting.
set -euo pipefail
cd "$(dirname "$0")/.."

TAG=bench
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

bash scripts/setup.sh build
ensure_cargo_bin_on_path
OUT="${CARGO_TARGET_DIR:-target}/bench"
mkdir -p "$OUT"

if [ "${QINGSHUI_BENCH_BUILD:-1}" = 0 ]; then
  [ -f dist/index.html ] || die "QINGSHUI_BENCH_BUILD=0 but there is no dist/: run make build"
  DIST_NOTE="dist/ as found (QINGSHUI_BENCH_BUILD=0), built $(date -r dist/index.html -u +%Y-%m-%dT%H:%M:%SZ)"
else
  bash scripts/build.sh
  DIST_NOTE="dist/ built by this run (scripts/build.sh)"
fi
say "cargo build --profile server -p qingshui-server"
cargo build --profile server -p qingshui-server
SERVER="${CARGO_TARGET_DIR:-target}/server/qingshui-server"

# Load generator: wrk from Debian, else oha if someone installed it; else the load rows say "none".
if ! command -v wrk >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  say "installing wrk (Debian package) for the load runs"
  apt-get install -y wrk >/dev/null 2>&1 || say "could not install wrk"
fi
WRK="$(command -v wrk || true)"
OHA="$(command -v oha || true)"
[ -n "$WRK$OHA" ] || say "no load generator (wrk or oha): the load rows will say so"

# Top wasm contributors need names, which the release profile strips; build once more keeping them.
TWIGGY_OUT="$OUT/twiggy-top.txt"
TWIGGY_NOTE=""
rm -f "$TWIGGY_OUT"
if [ "${QINGSHUI_BENCH_TWIGGY:-1}" = 0 ]; then
  TWIGGY_NOTE="skipped (QINGSHUI_BENCH_TWIGGY=0)"
else
  if ! command -v twiggy >/dev/null 2>&1; then
    say "installing twiggy (cargo install twiggy --locked)"
    cargo install twiggy --locked >"$OUT/twiggy-install.log" 2>&1 || say "twiggy did not install: see $OUT/twiggy-install.log"
  fi
  if command -v twiggy >/dev/null 2>&1; then
    say "release wasm with symbols kept (target dir $OUT/wasm-names) for twiggy"
    if CARGO_PROFILE_RELEASE_STRIP=false cargo_release_wasm -p qingshui \
      --target-dir "$OUT/wasm-names" >"$OUT/wasm-names.log" 2>&1 &&
      wasm-bindgen --target web --no-typescript --out-dir "$OUT/bindgen" --out-name qingshui \
        "$OUT/wasm-names/wasm32-unknown-unknown/release/qingshui.wasm"; then
      twiggy top -n 40 "$OUT/bindgen/qingshui_bg.wasm" >"$TWIGGY_OUT"
      TWIGGY_NOTE="$(twiggy --version 2>/dev/null || echo twiggy)"
    else
      TWIGGY_NOTE="the wasm build with symbols failed: see $OUT/wasm-names.log"
      say "$TWIGGY_NOTE"
    fi
  else
    TWIGGY_NOTE="twiggy is not installed and cargo install twiggy failed"
  fi
fi

# Lighthouse from npm, into a bench-only prefix: the pinned version, installed once.
LIGHTHOUSE_VERSION=13.5.0
LIGHTHOUSE_BIN=".bench/node_modules/.bin/lighthouse"
LIGHTHOUSE_NOTE=""
if [ "${QINGSHUI_BENCH_LIGHTHOUSE:-1}" = 0 ]; then
  LIGHTHOUSE_BIN=0
  LIGHTHOUSE_NOTE="skipped (QINGSHUI_BENCH_LIGHTHOUSE=0)"
elif ! [ -x "$LIGHTHOUSE_BIN" ] ||
  [ "$(node -p "require('./.bench/node_modules/lighthouse/package.json').version" 2>/dev/null)" != "$LIGHTHOUSE_VERSION" ]; then
  say "installing lighthouse@$LIGHTHOUSE_VERSION into .bench/ (bench only)"
  mkdir -p .bench
  if ! npm install --prefix .bench --no-audit --no-fund --loglevel=error "lighthouse@$LIGHTHOUSE_VERSION" \
    >"$OUT/lighthouse-install.log" 2>&1; then
    LIGHTHOUSE_BIN=0
    LIGHTHOUSE_NOTE="npm install lighthouse failed: see $OUT/lighthouse-install.log"
    say "$LIGHTHOUSE_NOTE"
  fi
fi

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port="$(free_port)"
dbdir="$(mktemp -d)"
log="$OUT/server.log"
# The demo city ends now, on the real clock: Lighthouse's browser runs on it, and the station page's preload
# hint (server/src/page_hints.rs) only matches the app's request when both clocks agree on the hour.
NOW="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
# Starts a server in the background on the bench database, listening on port `$1`, its output in `$2`, with
# the `VAR=value` settings after those; `$!` is its pid. No rate limits: the load runs come from one address.
start_server() {
  local at=$1 out=$2
  shift 2
  env QINGSHUI_ADDR="127.0.0.1:$at" QINGSHUI_DB="$dbdir/bench.sqlite" QINGSHUI_DIST=dist \
    QINGSHUI_RATE_QUERIES_PER_SEC=0 QINGSHUI_RATE_REPORTS_PER_MIN=0 "$@" "$SERVER" >"$out" 2>&1 &
}
say "starting the server on 127.0.0.1:$port with a new ${QINGSHUI_BENCH_STATIONS:-17000}-station demo city"
start_server "$port" "$log" QINGSHUI_DEMO_STATIONS="${QINGSHUI_BENCH_STATIONS:-17000}"
pid=$!
tls_pid=""
cleanup() {
  kill "$pid" $tls_pid 2>/dev/null || true
  wait "$pid" $tls_pid 2>/dev/null || true
  rm -rf "$dbdir"
}
trap cleanup EXIT

# Waits until the server writing `$1` says it listens (its pid is `$2`).
wait_listening() {
  for _ in $(seq 1 600); do
    grep -q 'listening on' "$1" && return
    kill -0 "$2" 2>/dev/null || die "the server stopped during start-up: $(tail -5 "$1")"
    sleep 0.2
  done
  die "the server did not start within 120 s: $(tail -5 "$1")"
}
wait_listening "$log" "$pid"

# The same database served a second time, over HTTPS with a certificate made here (QINGSHUI_TLS_*), so that
# Lighthouse also measures what a deployment serves: HTTPS with HTTP/2 (a CDN's, or this server's own). The
# load runs stay on plain HTTP/1.1, comparable with earlier runs.
TLS_BASE=""
if command -v openssl >/dev/null 2>&1 &&
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$dbdir/key.pem" \
    -out "$dbdir/cert.pem" -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1; then
  tls_port="$(free_port)"
  start_server "$tls_port" "$OUT/server-tls.log" QINGSHUI_TLS_CERT="$dbdir/cert.pem" QINGSHUI_TLS_KEY="$dbdir/key.pem"
  tls_pid=$!
  wait_listening "$OUT/server-tls.log" "$tls_pid"
  TLS_BASE="https://127.0.0.1:$tls_port"
else
  say "openssl missing or failed: Lighthouse runs over plain HTTP/1.1 only"
fi

BENCH_BASE="http://127.0.0.1:$port" BENCH_TLS_BASE="$TLS_BASE" BENCH_NOW="$NOW" BENCH_DIST=dist BENCH_OUT_DIR="$OUT" \
  BENCH_WRK="$WRK" BENCH_OHA="$OHA" BENCH_SERVER_LOG="$log" \
  BENCH_SECONDS="${QINGSHUI_BENCH_SECONDS:-10}" BENCH_CONNECTIONS="${QINGSHUI_BENCH_CONNECTIONS:-16}" \
  BENCH_TWIGGY="$TWIGGY_OUT" BENCH_TWIGGY_NOTE="$TWIGGY_NOTE" BENCH_DIST_NOTE="$DIST_NOTE" \
  BENCH_LIGHTHOUSE="$LIGHTHOUSE_BIN" BENCH_LIGHTHOUSE_NOTE="$LIGHTHOUSE_NOTE" \
  BENCH_CLIENT_RUNS="${QINGSHUI_BENCH_CLIENT_RUNS:-5}" \
  BENCH_PHOTO="${QINGSHUI_BENCH_PHOTO:-1}" BENCH_PHOTO_RUNS="${QINGSHUI_BENCH_PHOTO_RUNS:-3}" \
  node scripts/bench/bench.mjs
say "written: $OUT/bench.json, $OUT/bench.md"
