# Shared helpers for the scripts in this folder; sourced, never run. Each script sets TAG before sourcing.

say() { printf '[%s] %s\n' "${TAG:-qingshui}" "$*"; }

die() {
  printf '[%s] error: %s\n' "${TAG:-qingshui}" "$*" >&2
  exit 1
}

require() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed: $2"
}

# cargo-installed tools (wasm-bindgen) live in ~/.cargo/bin, which a non-login shell may not have on PATH.
ensure_cargo_bin_on_path() {
  local bin="${CARGO_HOME:-$HOME/.cargo}/bin"
  case ":$PATH:" in
  *":$bin:"*) ;;
  *) export PATH="$bin:$PATH" ;;
  esac
}

# `cargo build --release --target wasm32-unknown-unknown "$@"` with the app's own std. The standard library is
# rebuilt for the wasm (rust-src, from scripts/setup.sh) so that a panic is a bare trap
# (-Cpanic=immediate-abort) without file and line (-Zlocation-detail=none), and std takes its smaller algorithms
# (optimize_for_size). Nothing a resident sees changes: a panic already ended the app silently (wasm32 has no
# stderr and the app sets no panic hook); only message formatting that no one could read goes (188.7 -> 171.2 KiB
# first load). These are unstable options of the stable rustc, switched on for this one command by
# RUSTC_BOOTSTRAP=1: the tests, clippy and the server stay plain stable, and the e2e tests run on exactly this
# build. QINGSHUI_PLAIN_STD=1 uses the prebuilt std instead (for a toolchain that rejects the options), at the
# old size. LLVM's inline threshold is raised from opt-level z's 5 to 25: inlining a little more lets more
# code fold away (−0.5 KiB brotli on the main module; 0, 15, 20, 35, 50 and 100 were measured, 25 is the
# smallest). The rustflags join the target's in .cargo/config.toml: cargo merges --config arrays with the file's.
# Both link with scripts/wasm-ld-no-streams.sh: rust-lld without wasm-streams' unused exports (see the script).
cargo_release_wasm() {
  local linker
  linker="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/wasm-ld-no-streams.sh"
  if [ "${QINGSHUI_PLAIN_STD:-0}" = 1 ]; then
    say "cargo build --release --target wasm32-unknown-unknown $* (prebuilt std: QINGSHUI_PLAIN_STD=1)"
    cargo build --release --target wasm32-unknown-unknown "$@" \
      --config "target.wasm32-unknown-unknown.linker=\"$linker\""
    return
  fi
  say "cargo build --release --target wasm32-unknown-unknown $* (own std)"
  RUSTC_BOOTSTRAP=1 cargo build --release --target wasm32-unknown-unknown "$@" \
    --config "target.wasm32-unknown-unknown.linker=\"$linker\"" \
    -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size \
    --config 'target.wasm32-unknown-unknown.rustflags=["-Zunstable-options", "-Cpanic=immediate-abort", "-Zlocation-detail=none", "-Cllvm-args=-inline-threshold=25"]'
}
