# The three entry points; each installs what it needs first (scripts/setup.sh) and is quick when all is there.
.PHONY: run test build setup bench

## make run   — build the app and the reference server, serve the demo city on http://127.0.0.1:8080
run:
	@bash scripts/run.sh

## make test  — formatting, clippy, native + wasm unit tests, browser tests, end-to-end tests
test:
	@bash scripts/test.sh

## make build — the static app alone, in dist/
build:
	@bash scripts/setup.sh build
	@bash scripts/build.sh

## make bench — sizes, answer bytes, load figures on a temporary demo city (target/bench/); not part of test
bench:
	@bash scripts/bench.sh

## make setup — install every tool (also done by run/test/build)
setup:
	@bash scripts/setup.sh all
