#!/bin/bash
# Install the build host's tools for the image pipeline (Debian 12 host): only what is missing,
# so a warm machine skips apt entirely.
set -euo pipefail
need=(mmdebstrap qemu-system-x86 qemu-utils ovmf packer dosfstools mtools fdisk e2fsprogs
      openssh-client curl python3 ca-certificates debian-archive-keyring)
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && { echo "image-deps: all present"; exit 0; }
[ "$(id -u)" = 0 ] || { echo "image-deps: need root to install: ${missing[*]}" >&2; echo "  hint: sudo make image-deps" >&2; exit 1; }
echo "image-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Packer is in Debian 12's main (1.6.6) but not in Debian 13's (HashiCorp's licence change).
no_packer=""
# Read into a variable first: `apt-cache … | grep -q` under pipefail fails whenever grep stops
# reading before apt-cache has written everything (SIGPIPE), which read as "no packer" once.
packer_policy=$(apt-cache policy packer 2>/dev/null || true)
if [[ " ${missing[*]} " == *" packer "* ]] && ! grep -q 'Candidate: [0-9]' <<<"$packer_policy"; then
  no_packer=1
  missing=("${missing[@]/packer/}")
fi
apt-get install -y -q --no-install-recommends ${missing[@]} | { grep --line-buffered -E '^(Setting up|[0-9]+ upgraded)' || true; }
[ "${PIPESTATUS[0]}" = 0 ] || { echo "image-deps: apt-get install failed for: ${missing[*]}" >&2; exit 1; }
if [ -n "$no_packer" ]; then
  echo "image-deps: Packer is not in this Debian's archive ($(. /etc/os-release; echo "$PRETTY_NAME")); make image needs it" >&2
  echo "  hint: build the image on Debian 12 (its main has packer 1.6.6), or install HashiCorp's packer >= 1.6 on PATH" >&2
  exit 1
fi
