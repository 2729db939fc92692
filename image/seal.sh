#!/bin/bash
# Runs inside the image as Packer's last step before power-off: remove everything that must be
# unique per appliance or that belongs to the build, so that each flashed copy makes its own on
# first boot (units/aether-firstboot-*, systemd's machine-id handling).
set -euo pipefail
echo "seal: stopping services that hold state"
systemctl stop aether-kernel.service docker.service docker.socket containerd.service
echo "seal: removing per-machine identity and build access"
rm -rf /var/lib/aether /etc/aether/tls /etc/issue.d/aether.issue
rm -f /etc/ssh/ssh_host_* /root/.ssh/authorized_keys /boot/efi/aether/authorized_keys*
echo uninitialized > /etc/machine-id
rm -f /var/lib/systemd/random-seed /var/lib/systemd/credential.secret
rm -rf /var/lib/docker/* /var/lib/containerd/*
echo "seal: cleaning caches and logs"
apt-get clean
rm -rf /tmp/* /var/tmp/* /root/.npm /root/.cache
journalctl --rotate >/dev/null 2>&1 || true
rm -rf /var/log/journal/*
# Discarded blocks become holes in the raw image (the disk is attached with discard=unmap).
fstrim -av
sync
