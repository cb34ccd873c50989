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
