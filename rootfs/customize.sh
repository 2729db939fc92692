#!/bin/bash
# mmdebstrap customize hook: turn the installed package set into the appliance's base system.
#   customize.sh ROOTDIR REPO     (called by rootfs/build.sh; runs on the build host as root)
set -euo pipefail
root=$1 repo=$2

# Overlay: configuration files and admin scripts, owned by root whatever the checkout's owner.
tar -C "$repo/rootfs/overlay" --owner=0 --group=0 -c . | tar -C "$root" -x --no-same-owner --keep-directory-symlink
chmod 0755 "$root"/usr/local/sbin/aether-*

# Units: the same installer runs again when Packer provisions a release (image/provision.sh).
mkdir -p "$root/opt/aether/units"
cp "$repo"/units/* "$root/opt/aether/units/"
chroot "$root" /usr/local/sbin/aether-install-units

# Networking: DHCP on every wired interface (overlay's .network file), resolved for DNS.
chroot "$root" systemctl enable systemd-networkd.service systemd-resolved.service
# Docker starts on first use through docker.socket (the kernel's Docker driver connects to it):
# no engine competing for CPU at boot when no container workload runs.
chroot "$root" systemctl disable docker.service containerd.service
# Debian's first-boot key generator would add an RSA key; ours makes Ed25519 and ECDSA only.
chroot "$root" systemctl mask sshd-keygen.service
# An appliance without a display manager: boot to multi-user, not graphical.target.
chroot "$root" systemctl set-default multi-user.target

mkdir -p "$root/boot/efi"  # the ESP mount point (see /etc/fstab, written by image/disk.sh)

# Per-machine identity is created on first boot, never baked into the image:
# "uninitialized" makes systemd generate and commit a machine id (machine-id(5)),
# and aether-firstboot-ssh-hostkeys.service creates host keys before sshd starts.
echo uninitialized > "$root/etc/machine-id"
rm -f "$root"/etc/ssh/ssh_host_*
echo aether > "$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\taether\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' > "$root/etc/hosts"
# No passwords anywhere: root logs in with an SSH key only (see /etc/issue and docs/IMAGE.md).
chroot "$root" passwd --lock root >/dev/null
