#!/usr/bin/env bash
# `make test`: every check, cheapest first, stopping at the first failure with the stage named.
# Prints how long each stage took and, last, the total of tests passed and failed over all runners.
set -euo pipefail
cd "$(dirname "$0")/.."

TAG=test
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
ensure_cargo_bin_on_path

LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
SUMMARY=()

# Adds up cargo's and wasm-bindgen-test-runner's "test result: … N passed; M failed" and node's
# "# pass N" / "# fail N" (TAP) or "ℹ pass N" (spec) closing lines.
count_tests() {
  awk '
    /^test result: / {
      for (i = 1; i <= NF; i++) {
        if ($(i + 1) ~ /^passed/) pass += $i
        if ($(i + 1) ~ /^failed/) fail += $i
      }
    }
    /^(# |ℹ )pass [0-9]+$/ { pass += $NF }
    /^(# |ℹ )fail [0-9]+$/ { fail += $NF }
    END { printf "%d passed, %d failed\n", pass, fail }
  ' "$LOG"
}

print_summary() {
  echo
  say "summary (seconds per stage):"
  local line
  for line in "${SUMMARY[@]}"; do
    say "  $line"
  done
}

# stage NAME COMMAND… — runs one step, keeps its output for the count, fails loudly with the stage name.
stage() {
  local name="$1" start status
  shift
  echo
  say "=== $name: $*"
  start=$(date +%s)
  set +e
  "$@" 2>&1 | tee -a "$LOG"
  status=${PIPESTATUS[0]}
  set -e
  local took=$(($(date +%s) - start))
  if [ "$status" -ne 0 ]; then
    SUMMARY+=("$(printf '%-28s %5ds  FAILED (exit %d)' "$name" "$took" "$status")")
    print_summary
    say "FAILED at stage '$name'; the output above says why"
    echo "total: $(count_tests)"
    exit "$status"
  fi
  SUMMARY+=("$(printf '%-28s %5ds  ok' "$name" "$took")")
}

# The wasm tests drive Debian's Chromium through its chromedriver; the runner adds --headless and
# --no-sandbox (needed as root). A loaded 2-core CI machine needs more than the default 5 s to start it.
run_wasm_tests() {
  CHROMEDRIVER=/usr/bin/chromedriver \
    WASM_BINDGEN_TEST_DRIVER_TIMEOUT="${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-60}" \
    WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}" \
    cargo test -p qingshui --target wasm32-unknown-unknown
}

run_e2e() {
  QINGSHUI_E2E_SERVER="${CARGO_TARGET_DIR:-target}/server/qingshui-server" \
    node --test --test-concurrency=1 tests/e2e/
}

stage "setup" bash scripts/setup.sh all
stage "rustfmt" cargo fmt --all -- --check
stage "clippy (native)" cargo clippy --workspace --all-targets -- -D warnings
stage "clippy (wasm client)" cargo clippy -p qingshui --target wasm32-unknown-unknown --all-targets -- -D warnings
stage "clippy (wasm client, split build)" cargo clippy -p qingshui --target wasm32-unknown-unknown --features split -- -D warnings
stage "unit tests (native)" cargo test --workspace
stage "unit tests (wasm, Chromium)" run_wasm_tests
stage "build dist/" bash scripts/build.sh
stage "build server" cargo build --profile server -p qingshui-server
stage "end-to-end (Chromium)" run_e2e

print_summary
say "all stages passed"
echo "total: $(count_tests)"
