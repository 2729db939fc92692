# The appliance image pipeline (docs/IMAGE.md). Included by the top-level Makefile.
#   make image       rootfs -> disk -> Packer (provision, READY check, seal) -> artifacts
#   make boot-test   boot the artifact in QEMU (TCG) and test it from outside
# Outputs live under build/ (git-ignored); downloads are cached in $(AETHER_CACHE).

AETHER_CACHE   ?= /var/cache/aether
AETHER_FLAVOUR ?= free
export AETHER_CACHE AETHER_FLAVOUR

IMG_BUILD   := build
IMG_ROOTFS  := $(IMG_BUILD)/rootfs-$(AETHER_FLAVOUR)
IMG_BASE    := $(IMG_BUILD)/base-$(AETHER_FLAVOUR).raw
IMG_KEY     := $(IMG_BUILD)/keys/build_ed25519
IMG_RELEASE := $(IMG_BUILD)/aether-release.tar.gz
IMG_OUT     := $(IMG_BUILD)/artifacts
IMG_ROOTFS_INPUTS := $(shell find rootfs units -type f 2>/dev/null)

# Print a stage banner and the time since `make image` started.
img_stage = @echo "==> image: $(1)  [$$(date +%T), +$$(( $$(date +%s) - $${AETHER_IMAGE_T0:-$$(date +%s)} ))s]"

.PHONY: image image-deps rootfs disk release packer boot-test clean-image

image: ## Build the appliance image: rootfs, disk, Packer provisioning + READY check, artifacts
	@export AETHER_IMAGE_T0=$$(date +%s); \
	for stage in image-deps release rootfs disk packer; do \
	  $(MAKE) --no-print-directory $$stage || { echo "==> image: FAILED in stage '$$stage' (rerun: make $$stage)"; exit 1; }; \
	done; \
	echo "==> image: done in $$(( $$(date +%s) - AETHER_IMAGE_T0 ))s; artifacts in $(IMG_OUT)"

image-deps: ## Install the image pipeline's host tools (mmdebstrap, QEMU, OVMF, Packer, ...)
	$(call img_stage,[1/5] host tools)
	@image/deps.sh

release: ## Build the kernel and web UI (make deps build) and stage /opt/aether as a tarball
	$(call img_stage,[2/5] release: make deps build + /opt/aether tarball)
	@$(MAKE) --no-print-directory deps build || { echo "image: 'make deps build' failed; fix the build first" >&2; exit 1; }
	@image/release.sh $(IMG_RELEASE)

rootfs: $(IMG_ROOTFS).done ## Build the Debian trixie root filesystem with mmdebstrap (AETHER_FLAVOUR=free|gpu)
$(IMG_ROOTFS).done: $(IMG_ROOTFS_INPUTS)
	$(call img_stage,[3/5] root filesystem ($(AETHER_FLAVOUR)) with mmdebstrap)
	@rm -rf $(IMG_ROOTFS) && mkdir -p $(IMG_BUILD)
	@rootfs/build.sh $(IMG_ROOTFS) > $(IMG_ROOTFS).log 2>&1 \
	  || { tail -30 $(IMG_ROOTFS).log; echo "rootfs: failed, full log in $(IMG_ROOTFS).log" >&2; exit 1; }
	@tail -1 $(IMG_ROOTFS).log
	@touch $@

disk: $(IMG_BASE) ## Turn the root filesystem into a GPT disk (UEFI + BIOS) that Packer boots
$(IMG_BASE): $(IMG_ROOTFS).done image/disk.sh image/bios-boot.py image/esp-readme.txt $(IMG_KEY)
	$(call img_stage,[4/5] GPT disk image)
	@image/disk.sh $(IMG_ROOTFS) $@ $(IMG_KEY).pub

# A throwaway key that lets Packer log in once; seal.sh removes it from the image.
$(IMG_KEY):
	@mkdir -p $(dir $@) && ssh-keygen -q -t ed25519 -N '' -C aether-build -f $@

packer: ## Boot the disk with Packer (QEMU, TCG), provision the release, check READY, write artifacts
	$(call img_stage,[5/5] Packer: provision + READY check + seal + artifacts (QEMU TCG))
	@test -f $(IMG_RELEASE) || { echo "packer: $(IMG_RELEASE) missing; run: make release" >&2; exit 1; }
	@test -f $(IMG_BASE) || { echo "packer: $(IMG_BASE) missing; run: make disk" >&2; exit 1; }
	@PACKER_CACHE_DIR=$(IMG_BUILD)/packer_cache CHECKPOINT_DISABLE=1 packer build -force -color=false \
	  -var base_image=$(IMG_BASE) -var base_sha256=$$(sha256sum $(IMG_BASE) | cut -d' ' -f1) packer/aether.json

boot-test: ## Boot the built image in QEMU (TCG) and test it from outside: READY, /health, UI, SSH, agent limits
	@image/deps.sh >/dev/null
	@image/boot-test.sh $(IMG_OUT)/aether.raw

clean-image: ## Remove the image pipeline's outputs (keeps the download cache)
	rm -rf $(IMG_BUILD)/rootfs-* $(IMG_BUILD)/base-*.raw $(IMG_RELEASE) $(IMG_BUILD)/packer* $(IMG_OUT) $(IMG_BUILD)/boot-test
