#!/usr/bin/env bash
# Builds (once) the Debian trixie root filesystem the systemd tier boots in
# systemd-nspawn, as a tarball in the cache. Downloads are cached too, so a
# rebuild takes seconds; a fresh machine without the cache still builds it.
# Prints the tarball's path on stdout.
set -euo pipefail
cache=${AETHER_CACHE:-/var/cache/aether}
# git: agents work on git repositories (the dev-team use case; the image ships it in base.list).
# tigervnc..fonts: agent desktops (the same set as the image's rootfs/packages/desktop.list).
packages=(systemd systemd-sysv dbus libnss-systemd nodejs passwd procps iproute2 nftables python3-minimal util-linux tini curl git
  tigervnc-standalone-server openbox xterm chromium fonts-dejavu-core)
key=$(printf '%s\n' "${packages[@]}" | sha256sum | cut -c1-12)
tarball="$cache/rootfs/test-trixie-$key.tar"
if [[ -s $tarball ]]; then echo "$tarball"; exit 0; fi

command -v mmdebstrap >/dev/null || { echo "rootfs.sh: mmdebstrap is missing; run 'make deps'" >&2; exit 1; }
mkdir -p "$cache/apt" "$cache/rootfs"
echo "rootfs.sh: building $tarball (first time only, ~30 s)" >&2
mmdebstrap --variant=apt --format=tar --include="$(IFS=,; echo "${packages[*]}")" \
  --skip=download/empty --skip=essential/unlink \
  --setup-hook='mkdir -p "$1"/var/cache/apt/archives/' \
  --setup-hook="sync-in $cache/apt /var/cache/apt/archives/" \
  --customize-hook="sync-out /var/cache/apt/archives $cache/apt" \
  trixie "$tarball.tmp" http://deb.debian.org/debian >&2
mv "$tarball.tmp" "$tarball"
echo "$tarball"
