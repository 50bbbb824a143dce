# OIM Maroc microsite. Every target does its own set-up (Rust wasm target, pinned tools,
# npm ci, local D1 migrations): nothing to install by hand but Rust, Node.js and make.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
export WRANGLER_SEND_METRICS := false
PORT ?= 8787
# Cloudflare's limit on the Worker's size, gzip (scripts/size, docs/growth.md): 3 MiB on Workers
# Free; on Workers Paid set 10485760 (10 MiB) here or in the environment.
export WORKER_LIMIT_GZIP ?= 3145728

.PHONY: help setup build dev dev-loop messages messages-csv test test-growth growth-cost test-native test-tools lint-workflows dry-run test-e2e size audit bench bench-native callgrind fuzz load new-news preview publish rollback readership deploy clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

setup: ## install the pinned tools and npm packages (only what is missing)
	@scripts/setup

build: setup ## build the Worker into build/ and print its size
	@scripts/build

dev: setup ## serve the site with drafts at http://127.0.0.1:8787 (workerd, local D1; a content edit shows in seconds)
	@npx wrangler d1 migrations apply DB --local
	@OIM_DRAFTS=1 OIM_PROFILE=wasm-dev npx wrangler dev --ip 127.0.0.1 --port $(PORT)

dev-loop: setup ## measure make dev's loop: save a Markdown file -> changed page served (OIM_PROFILE=release for the old one)
	@scripts/dev-loop

messages: setup ## the latest contact messages (make dev's database; REMOTE=1: the deployed one)
	@cargo build --quiet -p oim-build --bin oim
	@target/debug/oim messages $(if $(REMOTE),--remote,) $(if $(LIMIT),--limit $(LIMIT),)

messages-csv: setup ## every contact message into messages.csv, for a spreadsheet (OUT=…, REMOTE=1)
	@cargo build --quiet -p oim-build --bin oim
	@target/debug/oim messages --csv $(or $(OUT),messages.csv) $(if $(REMOTE),--remote,)

test: setup test-native test-tools lint-workflows dry-run size test-e2e ## run every test: native, scripts, workflows, deploy dry runs, size budget, end to end, browser

test-growth: setup ## every test on a copy of the site with 500 more news items (GROWTH_ITEMS), and the team's path (slow)
	@scripts/test-growth

growth-cost: setup ## Worker size, start-up, first request, memory and test time at 0, 150 and 500 news items
	@scripts/growth-cost

test-native: ## unit and core tests of every crate, natively (no Worker needed), and the page weight budgets
	cargo test --workspace --exclude oim-maroc
	cargo test -p oim-maroc --lib
	cargo test -p oim-maroc --test budgets -- --nocapture --test-threads=1
	@# Each micro-benchmark once, in criterion's test mode: they must not rot between benches.
	cargo test -p oim-maroc --bench core

test-tools: ## the team's scripts (new-news, deploy-check, preview alias, dry runs, readership) in a scratch folder
	bash tests/tools/deploy_scripts.sh
	bash tests/tools/readership.sh

lint-workflows: ## actionlint (with shellcheck) on .github/workflows; fails on any finding
	@scripts/lint-workflows

dry-run: ## wrangler deploy / versions upload / triggers deploy --dry-run: wrangler.toml and the bundle
	@scripts/dry-run

size: ## build the Worker; fail if its code is over budget or it is over the platform's limit
	@scripts/build
	@scripts/size

test-e2e: ## the real Worker in wrangler dev, over HTTP, plus headless Chromium
	@scripts/ensure-chromium
	cargo test --test e2e

audit: ## Lighthouse on every page and language (own wrangler dev); fails below 100
	@scripts/audit

new-news: ## create a news item in three languages, as a draft: make new-news TITLE="…"
	@# "$$TITLE" from the environment: quotes in the title stay the shell's business.
	@scripts/oim new-news $(if $(TITLE),"$$TITLE",)

preview: setup ## test, then upload a version that gets no traffic and print its preview address
	@scripts/preview

publish: setup ## D1 migrations, then all traffic to the previewed version (else the last uploaded)
	@scripts/publish

rollback: setup ## all traffic back to the version that was live before
	@scripts/rollback

readership: ## the most read pages of the last 30 days per language (CLOUDFLARE_ACCOUNT_ID, OIM_ANALYTICS_TOKEN)
	@scripts/readership

deploy: setup test ## test, check, publish in one step with wrangler deploy (the first deploy; docs/deploy.md)
	@scripts/deploy-check
	@source scripts/lib.sh && require_real_content
	@scripts/size --room
	npx wrangler d1 migrations apply DB --remote
	OIM_DRAFTS= OIM_PROFILE= npx wrangler deploy

bench: setup ## the Worker in workerd vs a JS baseline and nginx: load, cold start in two phases (today, 500 items), startup profile, Cache API
	@scripts/bench

bench-native: ## criterion micro-benchmarks of the core handler (cargo bench)
	nice cargo bench --bench core

callgrind: ## instructions per memoized request, under valgrind (repeatable on a busy machine)
	@scripts/callgrind


fuzz: ## fuzz the router, body parsers and front matter, FUZZ_SECONDS (60) each (nightly)
	@scripts/fuzz

load: setup ## wrk on pages, 304s and 404s, then a contact-form load, under wrangler dev
	@scripts/load

clean: ## remove build outputs and local state
	rm -rf build target/e2e .wrangler screenshots fuzz/target
