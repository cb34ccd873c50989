#!/usr/bin/env bash
# The linker of the release wasm (scripts/lib.sh, cargo_release_wasm): Rust's own rust-lld, without the exports
# of wasm-streams' JS stream classes.
#
# Leptos always brings server_fn, and with it wasm-streams, whose `IntoUnderlyingSource`, `…Sink` and
# `…ByteSource` are #[wasm_bindgen] exports: rustc asks the linker to export them, so their code is linked into
# every build although this app never makes a stream. Dropping the exports afterwards (wasm-opt) is too late:
# their futures' closures are already in the function table, which nothing can prove unused, and ~7 KB of
# stream code stayed in the main module. Not asked for at link time, the linker never pulls that code in
# (−3.3 KiB brotli on the first download). wasm-bindgen still describes the classes in the glue, and
# scripts/trim-glue.mjs drops them there.
#
# Called by rustc with the arguments it gives rust-lld (`-flavor wasm …`); passes every other one on unchanged.
set -euo pipefail
rustc_bin="${RUSTC:-rustc}"
host="$("$rustc_bin" -vV | sed -n 's/^host: //p')"
lld="$("$rustc_bin" --print sysroot)/lib/rustlib/$host/bin/rust-lld"
[ -x "$lld" ] || { echo "wasm-ld-no-streams.sh: rust-lld not found at $lld" >&2; exit 1; }
args=()
while [ $# -gt 0 ]; do
  if [ "$1" = --export ] && [ $# -ge 2 ] && [[ "${2,,}" == *intounderlying* ]]; then
    shift 2
    continue
  fi
  args+=("$1")
  shift
done
exec "$lld" "${args[@]}"
