#!/bin/bash
# Build the Debian 13 (trixie) root filesystem of the appliance with mmdebstrap.
#   rootfs/build.sh OUTDIR            (run as root; OUTDIR must not exist)
# Environment:
#   AETHER_FLAVOUR=free|gpu     gpu adds NVIDIA's driver from non-free (default: free)
#   AETHER_MIRROR=URL           Debian mirror (default http://deb.debian.org/debian)
#   AETHER_CACHE=DIR            .deb cache kept between builds (default /var/cache/aether);
#                               an empty or missing cache only makes the build slower.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
out=${1:?usage: rootfs/build.sh OUTDIR}
flavour=${AETHER_FLAVOUR:-free}
mirror=${AETHER_MIRROR:-http://deb.debian.org/debian}
security=${AETHER_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
cache=${AETHER_CACHE:-/var/cache/aether}/apt-trixie-$flavour

die() { echo "rootfs: $1" >&2; [ -n "${2:-}" ] && echo "  hint: $2" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (mmdebstrap root mode mounts /proc and /dev in the chroot)" "sudo make rootfs"
command -v mmdebstrap >/dev/null || die "mmdebstrap is missing" "make image-deps (or apt-get install mmdebstrap)"
[ -e "$out" ] && die "$out already exists" "rm -rf $out, or make clean-image"

# Package lists: strip comments and blank lines, join with commas.
lists=("$here/packages/base.list" "$here/packages/desktop.list")
components="main"
case $flavour in
  free) ;;
  gpu) lists+=("$here/packages/gpu.list"); components="main contrib non-free non-free-firmware" ;;
  *) die "unknown AETHER_FLAVOUR '$flavour'" "use free or gpu" ;;
esac
packages=$(sed -e 's/#.*//' "${lists[@]}" | tr -s ' \n' '\n' | grep -v '^$' | paste -sd, -)

mkdir -p "$cache"
echo "rootfs: building $flavour flavour into $out (cache $cache)"
# The download cache follows mmdebstrap's documented pattern: sync it into the chroot before apt
# runs, sync new .debs back out afterwards, then empty it so the image ships without them.
mmdebstrap --mode=root --variant=apt --format=directory \
  --components="$components" \
  --aptopt='APT::Install-Recommends "false"' \
  --aptopt='Acquire::Retries "3"' \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
  --include="$packages" --skip=essential/unlink \
  --setup-hook='mkdir -p "$1"/var/cache/apt/archives' \
  --setup-hook="sync-in '$cache' /var/cache/apt/archives/" \
  --essential-hook='echo "rootfs: essential set installed, installing the package lists"' \
  --customize-hook="sync-out /var/cache/apt/archives '$cache'" \
  --customize-hook='rm -f "$1"/var/cache/apt/archives/*.deb "$1"/var/cache/apt/archives/partial/*' \
  --customize-hook="'$here/customize.sh' \"\$1\" '$repo'" \
  trixie "$out" \
  "deb $mirror trixie $components" \
  "deb $mirror trixie-updates $components" \
  "deb $security trixie-security $components" \
  || die "mmdebstrap failed (see the output above)" "check that $mirror is reachable; rerun with AETHER_CACHE=/nonexistent to rule out a bad cache"
echo "rootfs: done, $(du -sh --apparent-size "$out" | cut -f1) in $out"
