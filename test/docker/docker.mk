# The Docker tier: the Docker sandbox driver against a real Docker engine.
# Included by the top-level Makefile. docker.io comes with its recommends, as verified on the
# development machine (cgroupfs-mount among them).

DOCKER_SOCK := /var/run/docker.sock
DOCKERD_LOG := build/dockerd.log

.PHONY: deps-docker test-docker
deps-docker: ## Install Docker (docker.io) if missing and start dockerd if it does not answer
	@command -v dockerd >/dev/null || { \
	  echo "==> deps: apt package docker.io"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null; }
	@if ! docker info >/dev/null 2>&1; then \
	  if [ -S $(DOCKER_SOCK) ] && pgrep -x dockerd >/dev/null; then :; \
	  elif command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then \
	    echo "==> deps: systemctl start docker"; systemctl start docker; \
	  else \
	    echo "==> deps: starting dockerd in the background (log: $(DOCKERD_LOG))"; \
	    mkdir -p build; setsid nohup dockerd >$(DOCKERD_LOG) 2>&1 </dev/null & \
	  fi; \
	  for i in $$(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done; \
	  docker info >/dev/null 2>&1 || { echo "deps-docker: dockerd did not come up; see $(DOCKERD_LOG)" >&2; exit 1; }; \
	fi

test-docker: build deps-apt deps-docker ## Docker tier: the Docker sandbox driver against a real engine (limits, pause, OOM, re-adoption, GPU refusal)
	@$(call vitest_tier,docker)
