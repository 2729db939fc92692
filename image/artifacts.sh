#!/bin/bash
# Packer's post-processor: the sealed raw disk becomes the artifacts, with checksums.
#   image/artifacts.sh SEALED.raw OUTDIR
#   OUTDIR/aether-<version>.raw     for flashing (dd) onto a disk
#   OUTDIR/aether-<version>.qcow2   for VMs (QEMU/KVM, Proxmox, libvirt)
#   OUTDIR/SHA256SUMS
set -euo pipefail
src=${1:?usage: image/artifacts.sh SEALED.raw OUTDIR} out=${2:?usage: image/artifacts.sh SEALED.raw OUTDIR}
[ -f "$src" ] || { echo "artifacts: $src missing (did the Packer build finish?)" >&2; exit 1; }
version=$(git describe --always --dirty 2>/dev/null || echo dev)
name=aether-$version
[ "${AETHER_FLAVOUR:-free}" = free ] || name=aether-$AETHER_FLAVOUR-$version
rm -rf "$out" && mkdir -p "$out"
# Keep the raw image sparse: its unused blocks were trimmed inside the VM before power-off.
mv "$src" "$out/$name.raw"
qemu-img convert -O qcow2 "$out/$name.raw" "$out/$name.qcow2"
(cd "$out" && sha256sum "$name.raw" "$name.qcow2" > SHA256SUMS)
ln -sfn "$name.raw" "$out/aether.raw"; ln -sfn "$name.qcow2" "$out/aether.qcow2"
echo "artifacts: $out"
ls -lsh "$out"
