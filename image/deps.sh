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
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
  || { echo "image-deps: apt-get install failed; packer comes from bookworm's main (1.6.6), the rest from Debian 12" >&2; exit 1; }
