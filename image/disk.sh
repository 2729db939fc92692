#!/bin/bash
# Turn a root filesystem directory into a bootable GPT disk image, without loop devices or mounts:
#   partition 1  BIOS boot (1 MiB)   GRUB core image for legacy BIOS
#   partition 2  ESP (FAT32)         EFI/BOOT/BOOTX64.EFI (GRUB), aether/ (user-supplied files)
#   partition 3  root (ext4)         the root filesystem, grown to fill the disk on first boot
# Usage: image/disk.sh ROOTFS_DIR OUT.raw [AUTHORIZED_KEYS]
# AUTHORIZED_KEYS, when given, is put on the ESP as aether/authorized_keys (the build uses this
# to let Packer log in; users do the same with their own key).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rootfs=${1:?usage: image/disk.sh ROOTFS_DIR OUT.raw [AUTHORIZED_KEYS]}
out=${2:?usage: image/disk.sh ROOTFS_DIR OUT.raw [AUTHORIZED_KEYS]}
keys=${3:-}
die() { echo "disk: $1" >&2; [ -n "${2:-}" ] && echo "  hint: $2" >&2; exit 1; }
for tool in sfdisk mkfs.vfat mcopy mkfs.ext4 python3; do
  command -v $tool >/dev/null || die "$tool is missing" "make image-deps"
done
[ -x "$rootfs/usr/bin/grub-mkimage" ] || die "$rootfs has no grub-mkimage" "build the root filesystem first: make rootfs"
[ -e "$rootfs/vmlinuz" ] || die "$rootfs has no /vmlinuz" "the rootfs must include linux-image-amd64 (rootfs/packages/base.list)"

MiB=$((1024 * 1024))
esp_mib=256
# Root partition: what the tree holds plus room for the release Packer adds (/opt/aether) and
# first-boot state; the appliance grows it to the whole disk on first boot anyway.
used_mib=$(( $(du -s --block-size=1M "$rootfs" | cut -f1) ))
root_mib=$(( (used_mib * 5 / 4 + 1024 + 63) / 64 * 64 ))
bios_start=1 esp_start=2 root_start=$((2 + esp_mib))
total_mib=$((root_start + root_mib + 1))   # +1 MiB for the backup GPT

work=$(mktemp -d "$(dirname "$out")/.disk.XXXXXX")
trap 'rm -rf "$work"' EXIT
root_uuid=$(cat /proc/sys/kernel/random/uuid)
esp_id=$(od -An -tx4 -N4 /dev/urandom | tr -d ' ' | tr a-f A-F)
esp_uuid="${esp_id:0:4}-${esp_id:4:4}"

echo "disk: [1/5] boot configuration (root UUID $root_uuid, ESP $esp_uuid)"
cat > "$rootfs/etc/fstab" <<FSTAB
# Written by image/disk.sh. The root file system grows to fill the disk on boot (aether-growfs).
UUID=$root_uuid  /          ext4  errors=remount-ro  0 1
UUID=$esp_uuid   /boot/efi  vfat  umask=0077,nofail  0 2
FSTAB
mkdir -p "$rootfs/boot/grub"
# /vmlinuz and /initrd.img are symlinks Debian's kernel packages keep pointing at the newest
# kernel (and /vmlinuz.old at the previous one), so this file survives kernel upgrades unchanged.
cat > "$rootfs/boot/grub/grub.cfg" <<GRUB
# Written by image/disk.sh. Serial console first, screen last: /dev/console is the screen,
# and both get a login prompt showing /etc/issue.
set timeout=2
set default=0
serial --unit=0 --speed=115200
terminal_input console serial
terminal_output console serial
menuentry "Aether OS" {
  search --no-floppy --fs-uuid --set=root $root_uuid
  linux /vmlinuz root=UUID=$root_uuid ro console=ttyS0,115200n8 console=tty0 systemd.ssh_auto=no quiet
  initrd /initrd.img
}
menuentry "Aether OS (previous kernel)" {
  search --no-floppy --fs-uuid --set=root $root_uuid
  linux /vmlinuz.old root=UUID=$root_uuid ro console=ttyS0,115200n8 console=tty0 systemd.ssh_auto=no
  initrd /initrd.img.old
}
GRUB
# The core images only find the root file system; everything else is read from /boot/grub.
printf 'search --no-floppy --fs-uuid --set=root %s\nset prefix=($root)/boot/grub\n' "$root_uuid" > "$rootfs/boot/grub/early.cfg"
mods="part_gpt part_msdos ext2 fat search search_fs_uuid normal configfile linux echo test serial terminal gzio"
for target in x86_64-efi i386-pc; do
  rm -rf "$rootfs/boot/grub/$target"; cp -a "$rootfs/usr/lib/grub/$target" "$rootfs/boot/grub/"
done
chroot "$rootfs" grub-mkimage -O x86_64-efi -p /boot/grub -c /boot/grub/early.cfg \
  -o /boot/grub/BOOTX64.EFI $mods all_video efi_gop efi_uga
chroot "$rootfs" grub-mkimage -O i386-pc -p /boot/grub -c /boot/grub/early.cfg \
  -o /boot/grub/core.img $mods biosdisk
core_bytes=$(stat -c %s "$rootfs/boot/grub/core.img")
[ "$core_bytes" -le $MiB ] || die "GRUB core.img is $core_bytes bytes, more than the 1 MiB BIOS boot partition"

echo "disk: [2/5] ESP (FAT32, $esp_mib MiB)"
truncate -s $((esp_mib * MiB)) "$work/esp.img"
mkfs.vfat -F 32 -n AETHER-ESP -i "$esp_id" "$work/esp.img" >/dev/null
export MTOOLS_SKIP_CHECK=1
mmd -i "$work/esp.img" ::/EFI ::/EFI/BOOT ::/aether
mcopy -i "$work/esp.img" "$rootfs/boot/grub/BOOTX64.EFI" ::/EFI/BOOT/BOOTX64.EFI
mcopy -i "$work/esp.img" "$here/esp-readme.txt" ::/aether/README.txt
[ -n "$keys" ] && mcopy -i "$work/esp.img" "$keys" ::/aether/authorized_keys

echo "disk: [3/5] root file system (ext4, $root_mib MiB, $used_mib MiB used)"
truncate -s $((root_mib * MiB)) "$work/root.img"
# -d copies the tree with owners, modes, links and xattrs: no mount needed.
mkfs.ext4 -q -F -L aether-root -U "$root_uuid" -d "$rootfs" "$work/root.img" \
  || die "mkfs.ext4 -d failed" "check free space under $(dirname "$out")"

echo "disk: [4/5] GPT ($total_mib MiB)"
rm -f "$out"; truncate -s $((total_mib * MiB)) "$out"
# Type GUIDs: BIOS boot, EFI System, Linux root (x86-64) from the Discoverable Partitions spec.
sfdisk --quiet --label gpt "$out" <<SFDISK
start=${bios_start}MiB, size=1MiB, type=21686148-6449-6E6F-744E-656564454649, name="bios"
start=${esp_start}MiB, size=${esp_mib}MiB, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name="esp"
start=${root_start}MiB, size=${root_mib}MiB, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, name="root"
SFDISK
dd if="$work/esp.img" of="$out" bs=1M seek=$esp_start conv=notrunc,sparse status=none
dd if="$work/root.img" of="$out" bs=1M seek=$root_start conv=notrunc,sparse status=none

echo "disk: [5/5] BIOS boot code"
python3 "$here/bios-boot.py" "$out" "$rootfs/usr/lib/grub/i386-pc/boot.img" "$rootfs/boot/grub/core.img" $((bios_start * MiB / 512))
echo "disk: done, $out ($total_mib MiB, $(du -h "$out" | cut -f1) allocated)"
