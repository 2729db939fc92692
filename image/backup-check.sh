# shellcheck shell=bash
# Sourced by image/boot-test.sh (issue #21): a backup taken on this VM restores on a SECOND VM
# booted from a fresh copy of the image. Uses boot-test.sh's vm/api/pass/die/json/free_port,
# $image, $work, $token and $API. Afterwards VM, SSH, API and token are the second VM's (same
# variables, same $work/qemu.pid, so boot-test.sh's exit trap stops it).

# On VM A: an agent writes a file in its home; a memory and a message for it.
out=$(api POST /api/v1/agents '{"name":"bk-agent","command":["/bin/sh","-c","echo restored-ok > proof.txt; chmod 640 proof.txt"]}')
[ "${out##*$'\n'}" = 201 ] || die "spawning bk-agent answered ${out##*$'\n'}: ${out%$'\n'*}"
bk_pid=$(json 'd["pid"]' <<<"${out%$'\n'*}") bk_id=$(json 'd["agent"]["id"]' <<<"${out%$'\n'*}")
for _ in $(seq 60); do vm test -s "/var/lib/aether/homes/$bk_id/proof.txt" && break; sleep 1; done
bk_owner=$(vm stat -c %u:%a "/var/lib/aether/homes/$bk_id/proof.txt") || die "bk-agent wrote no proof.txt"
out=$(api POST /api/v1/agents/by-name/bk-agent/memory '{"content":"the backup drill is on Fridays"}')
[ "${out##*$'\n'}" = 201 ] || die "teaching bk-agent a memory answered ${out##*$'\n'}"
out=$(api POST /api/v1/agents/by-name/bk-agent/messages '{"text":"kept across machines"}')
[ "${out##*$'\n'}" = 201 ] || die "messaging bk-agent answered ${out##*$'\n'}"
out=$(api POST /api/v1/system/backup '{}')
[ "${out##*$'\n'}" = 200 ] || die "POST /system/backup answered ${out##*$'\n'}: ${out%$'\n'*}"
bk=$(json 'd["id"]' <<<"${out%$'\n'*}") bk_sha=$(json 'd["sha256"]' <<<"${out%$'\n'*}")
curl -fsk --max-time 300 -H "Authorization: Bearer $token" -o "$work/backup.tar.gz" "$API/api/v1/system/backups/$bk" || die "downloading backup $bk failed"
[ "$(sha256sum < "$work/backup.tar.gz" | cut -d' ' -f1)" = "$bk_sha" ] || die "the downloaded backup does not match its sha256"
pass "backup $bk taken on the first VM ($(wc -c < "$work/backup.tar.gz") bytes, sha256 matches)"

# VM A off; VM B from a fresh copy of the image, its own SSH key on its ESP.
kill "$(cat "$work/qemu.pid")" 2>/dev/null || true
for _ in $(seq 30); do kill -0 "$(cat "$work/qemu.pid")" 2>/dev/null || break; sleep 1; done
cp --sparse=always "$image" "$work/disk-b.raw"
truncate -s +1G "$work/disk-b.raw"
MTOOLS_SKIP_CHECK=1 mcopy -o -i "$work/disk-b.raw@@$((esp_start * 512))" "$work/id_ed25519.pub" ::/aether/authorized_keys
ssh_port=$(free_port) https_port=$(free_port)
rm -f "$work/known_hosts"
SSH=(ssh -q -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile="$work/known_hosts"
     -o ConnectTimeout=10 -i "$work/id_ed25519" -p "$ssh_port" root@127.0.0.1)
API=https://127.0.0.1:$https_port
qemu_start=$(date +%s)
qemu-system-x86_64 -accel tcg -machine q35 -m 2048 -smp 2 -bios /usr/share/ovmf/OVMF.fd \
  -drive file="$work/disk-b.raw",format=raw,if=virtio,discard=unmap \
  -netdev user,id=n0,hostfwd=tcp:127.0.0.1:$ssh_port-:22,hostfwd=tcp:127.0.0.1:$https_port-:443 \
  -device virtio-net-pci,netdev=n0 -display none -serial file:"$work/serial-b.log" \
  -daemonize -pidfile "$work/qemu.pid"
until [ "$(vm systemctl is-active aether-kernel.service 2>/dev/null || true)" = active ]; do
  [ $(( $(date +%s) - qemu_start )) -lt "$BOOT_TIMEOUT" ] || die "second VM: aether-kernel not READY within ${BOOT_TIMEOUT}s" "see $work/serial-b.log"
  sleep 5
done
token=$(vm cat /var/lib/aether/admin.token)
for _ in $(seq 60); do curl -fsk --max-time 5 "$API/health" >/dev/null && break; sleep 1; done
out=$(api GET "/api/v1/agents/$bk_pid")
[ "${out##*$'\n'}" = 404 ] || die "the fresh VM already knows pid $bk_pid (answered ${out##*$'\n'}): not a fresh appliance"

# Restore on VM B; the kernel restarts on the restored state.
before=$(curl -fsk "$API/health" | json 'd["startedAt"]')
code=$(curl -sk --max-time 600 -o "$work/restore.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/gzip' --data-binary @"$work/backup.tar.gz" "$API/api/v1/system/restore")
[ "$code" = 202 ] || die "POST /system/restore answered $code: $(cat "$work/restore.json")"
for _ in $(seq 180); do
  now=$(curl -fsk --max-time 5 "$API/health" 2>/dev/null | json 'd["startedAt"]' 2>/dev/null || true)
  [ -n "$now" ] && [ "$now" != "$before" ] && break
  sleep 1
done
[ -n "$now" ] && [ "$now" != "$before" ] || die "the kernel did not come back after the restore" "journalctl -u aether-kernel on the second VM"
rec=$(api GET "/api/v1/agents/$bk_pid" | sed '$d')
[ "$(json 'd["agent"]["name"]' <<<"$rec")" = bk-agent ] || die "after restore, pid $bk_pid is $rec"
[ "$(vm cat "/var/lib/aether/homes/$bk_id/proof.txt")" = restored-ok ] || die "bk-agent's home file is not back"
[ "$(vm stat -c %u:%a "/var/lib/aether/homes/$bk_id/proof.txt")" = "$bk_owner" ] || die "bk-agent's file lost its owner/mode ($bk_owner)"
api GET '/api/v1/agents/by-name/bk-agent/memory?q=drill' | grep -q 'backup drill is on Fridays' || die "bk-agent's memory is not back"
api GET /api/v1/agents/by-name/bk-agent/messages | grep -q 'kept across machines' || die "bk-agent's message is not back"
pass "backup restored on a second VM from a fresh image: agent record, home file (owner:mode $bk_owner), memory and message present"
