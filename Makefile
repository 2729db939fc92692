# Aether OS: the single entry point. `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export NO_COLOR := 1
export FORCE_COLOR := 0
# Tests and tools write caches under HOME; keep them out of the user's home on CI machines.
export npm_config_update_notifier := false

AETHER_CACHE ?= /var/cache/aether
export AETHER_CACHE
VITEST := npx vitest run
RESULTS := build/test-results

# Host packages the build and the test tiers need (Debian's archive only).
APT_PACKAGES := systemd-container mmdebstrap libsystemd-dev build-essential python3 util-linux procps iproute2 findutils curl ca-certificates chromium
APT_STAMP := build/.apt-$(shell echo '$(APT_PACKAGES)' | sha256sum | cut -c1-12)

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_.-]+:.*?## ' $(MAKEFILE_LIST) | sort -u | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-18s %s\n", $$1, $$2}'

.PHONY: deps deps-apt deps-npm
deps: deps-apt deps-npm ## Install everything the build and the tests need (apt and npm)

deps-apt: $(APT_STAMP)
$(APT_STAMP):
	@echo "==> deps: apt packages: $(APT_PACKAGES)"
	@DEBIAN_FRONTEND=noninteractive apt-get update -qq
	@DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_PACKAGES) >/dev/null
	@mkdir -p build && touch $@

deps-npm: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json kernel-service/package.json web/package.json | deps-apt
	@echo "==> deps: npm ci (compiles better-sqlite3 and sd-notify from source)"
	@npm ci --no-fund --no-audit
	@touch $@

.PHONY: build
build: deps-npm ## Compile the kernel service (tsc) and the web UI
	@npx tsc -b kernel-service
	@npm run --silent build -w web

.PHONY: run shell
run: deps build ## Run Aether on embedded defaults: a booted Debian machine with the kernel inside; prints URL and token
	@npx tsx test/machine/run.ts

shell: ## Open a shell inside the machine `make run` started
	@pid=$$(pgrep -f 'systemd-nspawn -D .*/aether-dev-' | head -1); \
	  [ -n "$$pid" ] || { echo "no running machine: start one with 'make run'" >&2; exit 1; }; \
	  nsenter -t $$(pgrep -P $$pid | head -1) -a /bin/bash -l

.PHONY: lint
lint: deps-npm ## Type-check, lint (type-aware) and check formatting
	@npx tsc -p tsconfig.json
	@npx tsc -p web/tsconfig.json
	@npx eslint . --max-warnings=0
	@npx prettier --check kernel-service/src test bench web docs README.md package.json kernel-service/package.json tsconfig.base.json tsconfig.json vitest.config.ts eslint.config.js --log-level warn

.PHONY: test test-unit test-systemd test-browser
test: test-unit test-systemd test-docker test-browser ## Run every test tier (test-docker: test/docker/docker.mk)

test-unit: build ## Tier 1: host tests (logic, real SQLite, the API through inject)
	@mkdir -p $(RESULTS)
	@$(VITEST) --project unit --reporter=default --reporter=json --outputFile.json=$(RESULTS)/unit.json

test-systemd: build deps-apt ## Tier 2: boot Debian trixie in systemd-nspawn, drive the real kernel over its API
	@mkdir -p $(RESULTS)
	@$(VITEST) --project systemd --reporter=default --reporter=json --outputFile.json=$(RESULTS)/systemd.json

test-browser: build deps-apt ## Tier 4: Mission Control in Debian's Chromium against the kernel in a booted machine (screenshots in build/test-results/screenshots)
	@mkdir -p $(RESULTS)
	@$(VITEST) --project browser --reporter=default --reporter=json --outputFile.json=$(RESULTS)/browser.json

.PHONY: check
check: ## What CI runs: deps, build, lint, every test tier, the image build and its QEMU boot test, then one pass/fail line
	@rm -rf $(RESULTS)
	@$(MAKE) --no-print-directory deps build lint test
	@set -o pipefail; $(MAKE) --no-print-directory image boot-test 2>&1 | tee $(RESULTS)/image.log
	@npx tsx test/summary.ts $(RESULTS)

.PHONY: bench bench-memory bench-ui bench-agents bench-desktop bench-network
bench: build deps-apt deps-docker bench-memory ## Benchmarks: spawn, pause and resume latency of both sandbox drivers (bench/spawn), desktops (bench/desktop), then bench-memory
	@npx tsx bench/spawn/spawn.bench.ts
	@npx tsx bench/desktop/desktop.bench.ts

bench-desktop: build deps-apt ## Benchmark: desktop request to first frame through the proxy, memory per desktop
	@npx tsx bench/desktop/desktop.bench.ts

bench-memory: build ## Benchmarks: recall over 100k memories, IPC latency and throughput between two agents (bench/memory)
	@npx tsx bench/memory/memory.bench.ts

bench-agents: build ## Benchmark 50, 200 and 500 agents running the runtime loop at once: steps/s, kernel RSS, event latency (bench/agents)
	@npx tsx bench/agents/agents.bench.ts

bench-network: build deps-apt ## Benchmark throughput of an egress agent (own netns, nft policy, NAT) against a host-mode agent, same run (bench/network)
	@npx tsx bench/network/network.bench.ts

bench-ui: build deps-apt ## Benchmark Mission Control in Chromium: first render of 500 agents, event-to-screen latency (bench/ui)
	@npx tsx bench/ui/ui.bench.ts

.PHONY: clean-machines
clean-machines: ## Stop machines an interrupted `make run`, test or bench left behind
	@test/machine/cleanup.sh

.PHONY: clean
clean: ## Remove build output (not the download caches in $(AETHER_CACHE))
	@rm -rf build kernel-service/dist web/dist

# Subsystem makefiles (image pipeline, Docker tier, ...) add their own targets.
-include image/image.mk
-include test/docker/docker.mk
