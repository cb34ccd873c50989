#!/usr/bin/env bash
# `make run`: build the app and the reference server, then serve the demo city (created on first start).
# The server reads its own settings (QINGSHUI_ADDR, QINGSHUI_DB, …; see README); only dist/ is fixed here.
set -euo pipefail
cd "$(dirname "$0")/.."

TAG=run
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

bash scripts/setup.sh build
ensure_cargo_bin_on_path
bash scripts/build.sh

say "cargo build --profile server -p qingshui-server"
cargo build --profile server -p qingshui-server

export QINGSHUI_DIST="${QINGSHUI_DIST:-dist}"
scheme=http
[ -n "${QINGSHUI_TLS_CERT:-}" ] && scheme=https
say "starting the server on $scheme://${QINGSHUI_ADDR:-127.0.0.1:8080}/ (Ctrl-C stops it)"
exec "${CARGO_TARGET_DIR:-target}/server/qingshui-server"
