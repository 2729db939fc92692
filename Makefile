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
# One vitest tier with the report test/summary.ts reads (test/report/reporter.ts): $(call vitest_tier,NAME)
vitest_tier = mkdir -p $(RESULTS) && $(VITEST) --project $(1) --reporter=default --reporter=./test/report/reporter.ts --outputFile.aether=$(RESULTS)/$(1).json

# Host packages the build and the test tiers need (Debian's archive only).
APT_PACKAGES := systemd-container mmdebstrap libsystemd-dev build-essential python3 util-linux procps iproute2 findutils curl ca-certificates chromium
APT_STAMP := build/.apt-$(shell echo '$(APT_PACKAGES)' | sha256sum | cut -c1-12)

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_.-]+:.*?## ' $(MAKEFILE_LIST) | sort -u | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-18s %s\n", $$1, $$2}'

.PHONY: deps deps-root deps-apt deps-node deps-npm
deps: deps-apt deps-node deps-npm deps-programs ## Install everything the build and the tests need (apt, Node.js >= 20.19, npm)

# Checked up front by `make run` and `make check`: both install packages and boot machines.
deps-root:
	@[ "$$(id -u)" = 0 ] || { echo "make: '$(or $(MAKECMDGOALS),this)' needs root: it installs packages with apt and boots Debian machines with systemd-nspawn" >&2; \
	  echo "  hint: sudo -E make $(MAKECMDGOALS)   (sudo -E keeps your OPENAI_API_KEY and the like)" >&2; exit 1; }

deps-apt: $(APT_STAMP)
$(APT_STAMP):
	@$(MAKE) --no-print-directory deps-root
	@echo "==> deps: apt packages (first run: a few minutes): $(APT_PACKAGES)"
	@DEBIAN_FRONTEND=noninteractive apt-get update -q
	@set -o pipefail; DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(APT_PACKAGES) \
	  | { grep --line-buffered -E '^(Setting up|[0-9]+ upgraded)' || true; }
	@mkdir -p build && touch $@

# Debian 13 has Node.js 20.19 in main; Debian 12 gets it from trixie, pinned (test/machine/host-node.sh).
deps-node: | deps-apt
	@test/machine/host-node.sh

deps-npm: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json kernel-service/package.json web/package.json | deps-apt deps-node
	@echo "==> deps: npm ci (first run ~3 min: compiles better-sqlite3 and sd-notify from source)"
	@npm ci --no-fund --no-audit
	@touch $@

# The agent programs of the program templates (runs/templates.ts), pinned in programs/ apart
# from the kernel's node_modules: native binaries of ~400 MB each (Claude Code, Codex).
.PHONY: deps-programs
deps-programs: programs/node_modules/.package-lock.json
programs/node_modules/.package-lock.json: programs/package.json programs/package-lock.json | deps-node
	@echo "==> deps: agent programs (npm ci in programs/, ~800 MB: Claude Code, Codex)"
	@npm ci --prefix programs --no-fund --no-audit
	@touch $@

.PHONY: build
build: deps-npm ## Compile the kernel service (tsc) and the web UI
	@npx tsc -b kernel-service
	@chmod +x kernel-service/dist/cli/aether.js # `npx aether` runs it through node_modules/.bin
	@npx tsx kernel-service/scripts/bundle-runtime.ts
	@npm run --silent build -w web

.PHONY: run shell
run: deps-root deps build ## Run Aether: a booted Debian machine with the kernel inside; prints URL and token (FRESH=1: forget the kept state)
	@npx tsx test/machine/run.ts $(if $(FRESH),--fresh) $(if $(RUN_STATE),--state $(RUN_STATE))

shell: ## Open a shell inside the machine `make run` started
	@pid=$$(pgrep -f 'systemd-nspawn -D .*/aether-dev-' | head -1); \
	  [ -n "$$pid" ] || { echo "no running machine: start one with 'make run'" >&2; exit 1; }; \
	  nsenter -t $$(pgrep -P $$pid | head -1) -a /bin/bash -l

.PHONY: lint
lint: deps-npm ## Type-check, lint (type-aware) and check formatting
	@npx tsc -p tsconfig.json
	@npx tsc -p web/tsconfig.json
	@npx eslint . --max-warnings=0
	@npx prettier --check kernel-service/src kernel-service/sdk/src kernel-service/sdk/package.json test bench web docs README.md package.json kernel-service/package.json tsconfig.base.json tsconfig.json vitest.config.ts eslint.config.js --log-level warn

.PHONY: test test-unit test-systemd test-browser
test: test-unit test-systemd test-docker test-browser ## Run every test tier (test-docker: test/docker/docker.mk)

test-unit: build ## Tier 1: host tests (logic, real SQLite, the API through inject)
	@$(call vitest_tier,unit)

test-systemd: build deps-apt ## Tier 2: boot Debian trixie in systemd-nspawn, drive the real kernel over its API
	@$(call vitest_tier,systemd)

test-browser: build deps-apt ## Tier 4: Mission Control in Debian's Chromium against the kernel in a booted machine (screenshots in build/test-results/screenshots)
	@$(call vitest_tier,browser)

# The steps of `make check`, in order, as NAME:KIND:TARGET[,TARGET]; KIND tells test/summary.ts how
# to read the step's record (step: pass/fail as a whole, vitest: a tier's report, boot: the boot
# test's PASS lines). A new tier is one more word here.
CHECK_STEPS := deps:step:deps build:step:build lint:step:lint
CHECK_STEPS += unit:vitest:test-unit systemd:vitest:test-systemd docker:vitest:test-docker browser:vitest:test-browser
CHECK_STEPS += image:boot:image,boot-test

.PHONY: check
check: deps-root ## What CI runs: every step (deps, build, lint, each test tier, image + QEMU boot test) even when one fails, then the verdict
	@test/check.sh $(RESULTS) $(CHECK_STEPS)

.PHONY: gpu-check
gpu-check: build ## On a host with an NVIDIA GPU: nvidia-smi inside a systemd sandbox and a Docker container, a second agent kept off the GPU (exit 2: no GPU here)
	@test/gpu/gpu-check.sh

.PHONY: bench bench-memory bench-ui bench-agents bench-desktop bench-network bench-spawn-new bench-restart bench-density bench-agents-product
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

bench-spawn-new: build deps-apt ## Benchmark a new agent's first spawn through the API (one at a time, 10 in flight) beside systemd-run (bench/spawn)
	@npx tsx bench/spawn/new-agents.bench.ts

bench-restart: build deps-apt ## Benchmark kernel SIGKILL with 500 live agents: API up, reconcile time, warm sandboxes kept, agents and messages lost (bench/restart)
	@npx tsx bench/restart/restart.bench.ts

bench-agents-product: build deps-apt ## Benchmark N agent runs on the product kernel (booted machine, real sandboxes and runtimes, scripted model): steps/s, kernel RSS and heap, event latency, runtime PSS (bench/agents)
	@npx tsx bench/agents/product.bench.ts

bench-density: build ## Benchmark the memory (PSS, heap) of idle-waiting agent runtimes: the bundle the kernel launches beside tsc's module tree (bench/density)
	@npx tsx bench/density/density.bench.ts

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
