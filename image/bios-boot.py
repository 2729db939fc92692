#!/usr/bin/env python3
"""Install GRUB's BIOS boot code into a GPT disk image, as grub-bios-setup does, without a device.

boot.img goes into the MBR's code area (the protective partition table is kept) and is told where
core.img starts; core.img goes into the BIOS boot partition and its first sector (diskboot) is told
where the rest of itself lies. Offsets are GRUB's (include/grub/i386/pc/boot.h, diskboot.S).
Usage: bios-boot.py DISK BOOT_IMG CORE_IMG CORE_LBA
"""
import struct
import sys

SECTOR = 512
KERNEL_SECTOR_OFFSET = 0x5C  # boot.img: 64-bit LBA of core.img's first sector
MBR_CODE_END = 0x1B8         # boot.img bytes past this hold the disk signature and partition table
BLOCKLIST_OFFSET = SECTOR - 12  # diskboot.img: {u64 start, u16 sectors, u16 segment} of the rest

disk_path, boot_path, core_path, core_lba = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
boot = bytearray(open(boot_path, "rb").read())
core = bytearray(open(core_path, "rb").read())
if len(boot) != SECTOR:
    sys.exit(f"bios-boot: {boot_path} is {len(boot)} bytes, expected {SECTOR}")
core += b"\0" * (-len(core) % SECTOR)
sectors = len(core) // SECTOR

struct.pack_into("<Q", boot, KERNEL_SECTOR_OFFSET, core_lba)
start, _, segment = struct.unpack_from("<QHH", core, BLOCKLIST_OFFSET)
struct.pack_into("<QHH", core, BLOCKLIST_OFFSET, core_lba + 1, sectors - 1, segment)

with open(disk_path, "r+b") as disk:
    disk.seek(0)
    disk.write(boot[:MBR_CODE_END])
    disk.seek(core_lba * SECTOR)
    disk.write(core)
print(f"bios-boot: boot.img in the MBR, core.img ({sectors} sectors) at LBA {core_lba}")
