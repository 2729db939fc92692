# Aether OS: the single entry point. `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export NO_COLOR := 1

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_.-]+:.*?## ' $(MAKEFILE_LIST) | sort -u | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-18s %s\n", $$1, $$2}'

# Subsystem makefiles (image pipeline, ...) add their own targets.
-include image/image.mk
