# OIM Maroc microsite. Every target does its own set-up (Rust wasm target, pinned tools,
# npm ci, local D1 migrations): nothing to install by hand but Rust, Node.js and make.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
export WRANGLER_SEND_METRICS := false
PORT ?= 8787

.PHONY: help setup build dev test test-native test-e2e size fuzz load deploy clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

setup: ## install the pinned tools and npm packages (only what is missing)
	@scripts/setup

build: setup ## build the Worker into build/ and print its size
	@scripts/build

dev: setup ## serve the site with drafts at http://127.0.0.1:8787 (workerd, local D1)
	@npx wrangler d1 migrations apply DB --local
	@OIM_DRAFTS=1 npx wrangler dev --ip 127.0.0.1 --port $(PORT)

test: setup test-native size test-e2e ## run every test: native, size budget, end to end, browser

test-native: ## unit and core tests, natively (no Worker needed)
	cargo test --lib

size: ## build the Worker and fail if it is over the size budget
	@scripts/build
	@scripts/size

test-e2e: ## the real Worker in wrangler dev, over HTTP, plus headless Chromium
	@scripts/ensure-chromium
	cargo test --test e2e

fuzz: ## fuzz the router, body parsers and front matter, FUZZ_SECONDS (60) each (nightly)
	@scripts/fuzz

load: setup ## wrk on pages, 304s and 404s, then a contact-form load, under wrangler dev
	@scripts/load

deploy: setup ## publish with wrangler (see README, "First deploy")
	npx wrangler deploy

clean: ## remove build outputs and local state
	rm -rf build target/e2e .wrangler screenshots fuzz/target
