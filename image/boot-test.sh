#!/bin/bash
# Boot the built image in QEMU (TCG) and prove from outside the VM that the appliance works:
# first boot, aether-kernel READY, /health, Mission Control, key-only SSH, and an agent's
# slice, memory limit (OOM kill reported by the API), cgroup v2 freezer (pause/resume), CPU quota
# and task limit.
#   image/boot-test.sh IMAGE.raw
# Works on a sparse copy of the image, so the artifact stays pristine.
set -euo pipefail
image=$(realpath "${1:?usage: image/boot-test.sh IMAGE.raw}")
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$repo/build/boot-test
BOOT_TIMEOUT=${AETHER_BOOT_TIMEOUT:-600}
t0=$(date +%s)
results=()
die() {
  echo "boot-test: FAILED: $1" >&2; [ -n "${2:-}" ] && echo "  hint: $2" >&2
  echo "  to investigate: AETHER_BOOT_TEST_KEEP=1 make boot-test keeps the VM running; logs in build/boot-test/" >&2
  summary; exit 1
}
pass() { results+=("PASS  $1"); echo "boot-test: PASS  $1"; }
summary() { echo "---- boot-test summary ($(( $(date +%s) - t0 ))s)"; printf '  %s\n' "${results[@]}"; }
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {"d": d}))' "$1"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
[ -f "$image" ] || die "$image not found" "make image"
for tool in qemu-system-x86_64 mcopy sfdisk curl ssh python3 openssl; do
  command -v $tool >/dev/null || die "$tool is missing" "make image-deps"
done

echo "boot-test: preparing a copy of $(basename "$image") with a test SSH key on its ESP, 1 GiB larger"
rm -rf "$work" && mkdir -p "$work"
cp --sparse=always "$image" "$work/disk.raw"
truncate -s +1G "$work/disk.raw"   # first boot must grow the root partition into this
ssh-keygen -q -t ed25519 -N '' -C aether-boot-test -f "$work/id_ed25519"
esp_start=$(sfdisk --json "$work/disk.raw" 2>/dev/null | python3 -c 'import json,sys; p=[p for p in json.load(sys.stdin)["partitiontable"]["partitions"] if p["type"].upper()=="C12A7328-F81F-11D2-BA4B-00A0C93EC93B"]; print(p[0]["start"])')
MTOOLS_SKIP_CHECK=1 mcopy -o -i "$work/disk.raw@@$((esp_start * 512))" "$work/id_ed25519.pub" ::/aether/authorized_keys
root_bytes_before=$(sfdisk --json "$work/disk.raw" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["partitiontable"]["partitions"][-1]["size"]*512)')

ssh_port=$(free_port) https_port=$(free_port)
echo "boot-test: booting under QEMU TCG (UEFI), SSH on 127.0.0.1:$ssh_port, HTTPS on 127.0.0.1:$https_port"
qemu_start=$(date +%s)
qemu-system-x86_64 -accel tcg -machine q35 -m 2048 -smp 2 -bios /usr/share/ovmf/OVMF.fd \
  -drive file="$work/disk.raw",format=raw,if=virtio,discard=unmap \
  -netdev user,id=n0,hostfwd=tcp:127.0.0.1:$ssh_port-:22,hostfwd=tcp:127.0.0.1:$https_port-:443 \
  -device virtio-net-pci,netdev=n0 -display none -serial file:"$work/serial.log" \
  -daemonize -pidfile "$work/qemu.pid"
# AETHER_BOOT_TEST_KEEP=1 leaves the VM running after the test, to log in and look around.
if [ "${AETHER_BOOT_TEST_KEEP:-0}" = 1 ]; then
  trap 'echo "boot-test: VM left running (pid $(cat "$work/qemu.pid")): ssh -i $work/id_ed25519 -p $ssh_port root@127.0.0.1"' EXIT
else
  trap 'kill "$(cat "$work/qemu.pid" 2>/dev/null)" 2>/dev/null || true' EXIT
fi
SSH=(ssh -q -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile="$work/known_hosts"
     -o ConnectTimeout=10 -i "$work/id_ed25519" -p "$ssh_port" root@127.0.0.1)
vm() { "${SSH[@]}" "$@"; }

# 1. SSH with the key from the ESP, then READY.
until vm true 2>/dev/null; do
  [ $(( $(date +%s) - qemu_start )) -lt "$BOOT_TIMEOUT" ] || die "no SSH login within ${BOOT_TIMEOUT}s" "see $work/serial.log"
  sleep 5
done
pass "SSH login as root with the key dropped onto the ESP ($(( $(date +%s) - qemu_start ))s after power-on)"
until [ "$(vm systemctl is-active aether-kernel.service || true)" = active ]; do
  state=$(vm systemctl show -P ActiveState,SubState,Result aether-kernel.service | paste -sd/)
  [[ $state == failed* ]] && die "aether-kernel.service failed: $state" "journalctl -u aether-kernel in the VM; log in $work"
  [ $(( $(date +%s) - qemu_start )) -lt "$BOOT_TIMEOUT" ] || die "aether-kernel not READY within ${BOOT_TIMEOUT}s ($state)"
  sleep 2
done
ready_host=$(( $(date +%s) - qemu_start ))
ready_guest=$(vm systemctl show -P ActiveEnterTimestampMonotonic aether-kernel.service)
status=$(vm systemctl show -P StatusText aether-kernel.service)
pass "aether-kernel.service READY (Type=notify): ${ready_host}s after power-on, $((ready_guest / 1000000))s after the Linux kernel started; status: $status"
vm journalctl -b -u aether-kernel --no-pager > "$work/kernel.log" || true
vm systemd-analyze critical-chain aether-kernel.service > "$work/critical-chain.txt" 2>&1 || true

# 2. First boot did its job.
mid=$(vm cat /etc/machine-id)
[[ $mid =~ ^[0-9a-f]{32}$ ]] || die "machine id is '$mid', not a generated one"
pass "machine id generated on first boot ($mid)"
vm test -s /etc/ssh/ssh_host_ed25519_key || die "no SSH host key"
# The key the server presented to our logins (recorded in our known_hosts) must be on the console.
host_fp=$(ssh-keygen -l -f "$work/known_hosts" | awk '$NF == "(ED25519)" {print $2; exit}')
[ -n "$host_fp" ] || die "the server presented no Ed25519 host key"
vm grep -qF "$host_fp" /etc/issue.d/aether.issue || die "the console (/etc/issue.d/aether.issue) does not show the served SSH host key $host_fp"
pass "SSH host key generated on first boot; the console shows its fingerprint"
[ "$(vm stat -c %a /var/lib/aether/admin.token)" = 600 ] || die "admin token missing or not mode 0600"
token=$(vm cat /var/lib/aether/admin.token)
pass "admin token created (mode 0600)"
root_bytes_after=$(vm 'lsblk -bno SIZE "$(findmnt -no SOURCE /)"')
fs_bytes=$(vm 'tune2fs -l "$(findmnt -no SOURCE /)"' | awk -F: '/^Block count/ {n=$2} /^Block size/ {b=$2} END {print n + 0, b + 0}')
fs_bytes=$(( ${fs_bytes% *} * ${fs_bytes#* } ))   # in the shell: awk's integers stop at 2^31
[ "$root_bytes_after" -ge $((root_bytes_before + 1000 * 1024 * 1024)) ] || die "root partition did not grow: $root_bytes_before -> $root_bytes_after bytes"
[ "$fs_bytes" -ge $((root_bytes_after - 4 * 1024 * 1024)) ] || die "root file system ($fs_bytes bytes) does not fill its partition ($root_bytes_after bytes)"
pass "root partition grown to fill the disk: $((root_bytes_before >> 20)) -> $((root_bytes_after >> 20)) MiB (file system $((fs_bytes >> 20)) MiB)"
vm test -e /boot/efi/aether/authorized_keys.imported || die "the ESP key file was not marked imported"

# 3. Key-only SSH: the server must not even offer password authentication.
if out=$(ssh -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o PubkeyAuthentication=no \
         -o PreferredAuthentications=password,keyboard-interactive -p "$ssh_port" root@127.0.0.1 true 2>&1); then
  die "a login without a key succeeded"
fi
[[ $out == *"Permission denied (publickey)"* ]] || die "unexpected answer to a password login: $out"
pass "password login refused (server offers publickey only)"

# 4. Mission Control over HTTPS with the first-boot certificate.
API=https://127.0.0.1:$https_port
health=$(curl -fsk --max-time 20 "$API/health") || die "GET /health failed"
[ "$(json 'd["status"]' <<<"$health")" = ok ] || die "/health answered $health"
pass "GET /health on the appliance's port 443: $health"
served_fp=$(openssl s_client -connect 127.0.0.1:$https_port </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256 | cut -d= -f2)
vm grep -qF "$served_fp" /etc/issue.d/aether.issue || die "served TLS certificate $served_fp is not the one the console shows"
pass "TLS certificate is the first-boot one, fingerprint shown on the console"
ctype=$(curl -fsk --max-time 20 -o "$work/index.html" -w '%{content_type}' "$API/") || die "GET / (Mission Control) failed"
[[ $ctype == text/html* ]] || die "GET / answered $ctype, not HTML"
pass "Mission Control served on / ($ctype, $(wc -c < "$work/index.html") bytes)"

# 5. Agents: slice and memory limit, OOM kill reported by the API, freezer.
# api METHOD PATH [JSON]: prints the body, a newline, the HTTP status. Content-Type only with a
# body: fastify refuses an empty body that claims to be JSON.
api() {
  local method=$1 path=$2 args=()
  [ $# -ge 3 ] && args=(-H 'Content-Type: application/json' --data "$3")
  curl -sk --max-time 30 -X "$method" -H "Authorization: Bearer $token" -w '\n%{http_code}' "${args[@]}" "$API$path"
}
# expect_ok METHOD PATH: the call must answer 200.
expect_ok() {
  local out; out=$(api "$@"); [ "${out##*$'\n'}" = 200 ] || die "$1 $2 answered ${out##*$'\n'}: ${out%$'\n'*}"
}
spawn() { # name memoryMax python-code -> pid
  spawn_limits "$1" "{\"memoryMax\": \"$2\"}" "$3"
}
spawn_limits() { # name limits-json python-code -> pid
  local body code out
  body=$(python3 -c 'import json,sys; print(json.dumps({"name": sys.argv[1], "command": ["/usr/bin/python3", "-c", sys.argv[3]], "limits": json.loads(sys.argv[2])}))' "$@")
  out=$(api POST /api/v1/agents "$body"); code=${out##*$'\n'}
  if [ "$code" = 404 ]; then
    echo "boot-test: PENDING: the kernel has no POST /api/v1/agents yet; the spawn, OOM and freezer checks did not run" >&2
    results+=("PENDING  agent spawn / memory limit / OOM / freezer (kernel API not implemented)"); summary; exit 2
  fi
  [ "$code" = 201 ] || die "POST /api/v1/agents ($1) answered $code: ${out%$'\n'*}"
  json 'd["pid"]' <<<"${out%$'\n'*}"
}
agent_state() { api GET "/api/v1/agents/$1" | sed '$d' | json 'd["state"]'; }
wait_state() { # pid state...
  local pid=$1 s; shift
  for _ in $(seq 90); do s=$(agent_state "$pid"); [[ " $* " == *" $s "* ]] && return 0; sleep 2; done
  die "agent $pid stayed '$s', expected one of: $*"
}
cg_usage() { vm "grep usage_usec /sys/fs/cgroup/aether.slice/aether-p$1.slice/cpu.stat | cut -d' ' -f2"; }

spinner=$(spawn spinner 64M $'import time\nwhile True:\n    sum(range(20000)); time.sleep(0.01)')
wait_state "$spinner" running
cgroup=$(vm systemctl show -P ControlGroup "aether-p$spinner.service")
[ "$cgroup" = "/aether.slice/aether-p$spinner.slice/aether-p$spinner.service" ] || die "agent $spinner runs in '$cgroup', not in its slice"
memmax=$(vm cat "/sys/fs/cgroup/aether.slice/aether-p$spinner.slice/memory.max")
[ "$memmax" = $((64 << 20)) ] || die "slice memory.max is $memmax, expected $((64 << 20))"
pass "agent $spinner runs in $cgroup with memory.max=$memmax"

expect_ok POST "/api/v1/agents/$spinner/pause"
wait_state "$spinner" paused
frozen=$(vm "grep ^frozen /sys/fs/cgroup/aether.slice/aether-p$spinner.slice/cgroup.events | cut -d' ' -f2")
[ "$frozen" = 1 ] || die "paused agent's slice is not frozen (cgroup.events frozen=$frozen)"
u1=$(cg_usage "$spinner"); sleep 5; u2=$(cg_usage "$spinner")
[ "$u1" = "$u2" ] || die "paused agent still used CPU: $u1 -> $u2 usec"
pass "pause freezes the slice (cgroup v2 frozen=1, CPU time unchanged over 5s: $u1 usec)"
expect_ok POST "/api/v1/agents/$spinner/resume"
wait_state "$spinner" running
u3=$(cg_usage "$spinner"); sleep 5; u4=$(cg_usage "$spinner")
[ "$u4" -gt "$u3" ] || die "resumed agent does not run: CPU time $u3 -> $u4 usec"
pass "resume thaws it (CPU time $u3 -> $u4 usec over 5s)"

hog=$(spawn hog 64M $'chunks = []\nfor i in range(64):\n    chunks.append(b"x" * (8 << 20))\n    print((i + 1) * 8, "MiB", flush=True)\nprint("allocated 512 MiB: the limit was not enforced", flush=True)')
wait_state "$hog" exited killed failed
detail=$(api GET "/api/v1/agents/$hog" | sed '$d')
reason=$(json 'd.get("exit", {}).get("reason")' <<<"$detail")
[ "$reason" = oom-kill ] || die "hog agent ended with '$reason', expected oom-kill: $detail"
vm "journalctl -k -b --no-pager | grep -q 'oom_memcg=/aether.slice/aether-p$hog.slice'" \
  || die "the Linux kernel log shows no OOM kill in aether-p$hog.slice"
pass "agent $hog allocating past MemoryMax=64M was OOM-killed in its slice; API: state=$(json 'd["state"]' <<<"$detail") reason=$reason"

out=$(api DELETE "/api/v1/agents/$spinner"); code=${out##*$'\n'}
[ "$code" = 200 ] || die "DELETE /api/v1/agents/$spinner answered $code: ${out%$'\n'*}"
wait_state "$spinner" exited killed
vm "! systemctl is-active --quiet aether-p$spinner.service" || die "aether-p$spinner.service still active after DELETE"
pass "DELETE terminates agent $spinner and its unit"

# 6. CPU and task limits enforced (the systemd tier runs in nspawn, which delegates no controllers).
busy=$(spawn_limits busy '{"cpuQuota": 20}' $'while True:\n    pass')
wait_state "$busy" running
slice=/sys/fs/cgroup/aether.slice/aether-p$busy.slice
cpumax=$(vm cat "$slice/cpu.max")
[ "$cpumax" = "20000 100000" ] || die "agent $busy (cpuQuota 20) has slice cpu.max '$cpumax', expected '20000 100000'"
# CPU time and wall time both measured inside the VM in one command: SSH round trips under TCG take
# seconds, which a window timed from outside would count as the agent's.
read -r used elapsed < <(vm "f=$slice/cpu.stat; a=\$(awk '/^usage_usec/ {print \$2}' \$f); t0=\$(date +%s%6N); sleep 5
  b=\$(awk '/^usage_usec/ {print \$2}' \$f); t1=\$(date +%s%6N); echo \$((b - a)) \$((t1 - t0))")
[ -n "${elapsed:-}" ] && [ "$elapsed" -gt 0 ] || die "could not read agent $busy's CPU time from $slice/cpu.stat"
pct=$(( used * 100 / elapsed )) # a spinning loop unthrottled takes ~100 % of one CPU; the quota allows 20 %
[ "$pct" -ge 4 ] && [ "$pct" -le 30 ] || die "agent $busy with cpuQuota 20 used $used usec of CPU in $elapsed usec ($pct %), expected about 20 %"
throttled=$(vm "grep ^nr_throttled $slice/cpu.stat | cut -d' ' -f2")
[ "$throttled" -gt 0 ] || die "agent $busy was never throttled (cpu.stat nr_throttled=$throttled)"
pass "cpuQuota=20 enforced: cpu.max=$cpumax, $used usec of CPU in $elapsed usec ($pct %), throttled $throttled times"
expect_ok DELETE "/api/v1/agents/$busy"

# A fork bomb with tasksMax 8: pids.max holds, the refused forks are counted in pids.events.
forker=$(spawn_limits forker '{"tasksMax": 8}' $'import os, time\nkids = 0\nwhile kids < 64:\n    try:\n        if os.fork() == 0:\n            time.sleep(600); os._exit(0)\n        kids += 1\n    except OSError:\n        time.sleep(0.05)\n')
wait_state "$forker" running
slice=/sys/fs/cgroup/aether.slice/aether-p$forker.slice
pidsmax=$(vm cat "$slice/pids.max")
[ "$pidsmax" = 8 ] || die "agent $forker (tasksMax 8) has slice pids.max '$pidsmax', expected 8"
for _ in $(seq 60); do refused=$(vm "awk '\$1 == \"max\" {print \$2}' $slice/pids.events"); [ "${refused:-0}" -gt 0 ] && break; sleep 1; done
[ "${refused:-0}" -gt 0 ] || die "agent $forker's forks were never refused (pids.events max=${refused:-0})"
current=$(vm cat "$slice/pids.current")
[ "$current" -le 8 ] || die "agent $forker's slice holds $current tasks, more than tasksMax 8"
pass "tasksMax=8 enforced: pids.max=$pidsmax, $current tasks, $refused forks refused"
expect_ok DELETE "/api/v1/agents/$forker"

# 7. GPU device policy (systemd inside nspawn enforces none): an agent reaches its own GPU node and
#    not another's. Stand-in nodes with NVIDIA's numbers and an nvidia-smi printing a real capture; with
#    no driver loaded, an open the device cgroup lets through fails with ENXIO, a refused one with EPERM.
vm 'mkdir -p /opt/aether-fake-gpu && for i in 0 1; do mknod -m 0666 /dev/nvidia$i c 195 $i; done && mknod -m 0666 /dev/nvidiactl c 195 255'
vm 'cat > /opt/aether-fake-gpu/gpus.txt' < "$repo/test/unit/fixtures/nvidia-smi/h100-busy.txt"
vm "printf '#!/bin/sh\ncase \"\$1\" in --query-compute-apps*) ;; *) cat /opt/aether-fake-gpu/gpus.txt ;; esac\n' > /opt/aether-fake-gpu/nvidia-smi && chmod 755 /opt/aether-fake-gpu/nvidia-smi"
vm 'echo AETHER_GPU_NVIDIA_SMI=/opt/aether-fake-gpu/nvidia-smi >> /etc/aether/environment && systemctl restart aether-kernel.service'
for _ in $(seq 60); do curl -fsk --max-time 5 "$API/health" >/dev/null && break; sleep 1; done
open_probe=$'import errno, json, os, sys\nr = {}\nfor p in sys.argv[1:]:\n    try:\n        os.close(os.open(p, os.O_RDWR)); r[p] = 0\n    except OSError as e:\n        r[p] = errno.errorcode.get(e.errno, str(e.errno))\nprint(json.dumps(r))'
gpu_agent() { # name gpu-index -> "PID JSON": its pid, and what its opens of /dev/nvidia0 and /dev/nvidia1 gave
  local body out code id
  body=$(python3 -c 'import json,sys; print(json.dumps({"name": sys.argv[1], "command": ["/bin/sh", "-c", "python3 -c \"$0\" /dev/nvidia0 /dev/nvidia1 > opened.tmp && mv opened.tmp opened; exec sleep 600", sys.argv[3]], "sandbox": {"gpus": {"deviceIds": [sys.argv[2]]}}}))' "$1" "$2" "$open_probe")
  out=$(api POST /api/v1/agents "$body"); code=${out##*$'\n'}
  [ "$code" = 201 ] || die "POST /api/v1/agents ($1 with GPU $2) answered $code: ${out%$'\n'*}"
  id=$(json 'd["agent"]["id"]' <<<"${out%$'\n'*}")
  printf '%s ' "$(json 'd["pid"]' <<<"${out%$'\n'*}")"
  for _ in $(seq 60); do vm test -s "/var/lib/aether/homes/$id/opened" && break; sleep 1; done
  vm cat "/var/lib/aether/homes/$id/opened" || die "agent $1 wrote no result of its opens"
}
ra=$(gpu_agent gpu-a 0); rb=$(gpu_agent gpu-b 1)
a=${ra#* } b=${rb#* }
[ "$a" = '{"/dev/nvidia0": "ENXIO", "/dev/nvidia1": "EPERM"}' ] || die "agent holding GPU 0 opened: $a (expected its own node through, GPU 1's refused)"
[ "$b" = '{"/dev/nvidia0": "EPERM", "/dev/nvidia1": "ENXIO"}' ] || die "agent holding GPU 1 opened: $b (expected its own node through, GPU 0's refused)"
# Control: outside any sandbox both opens get through to the (absent) driver.
outside=$(vm python3 -c "'$open_probe'" /dev/nvidia0 /dev/nvidia1 2>&1 || true)
[ "$outside" = '{"/dev/nvidia0": "ENXIO", "/dev/nvidia1": "ENXIO"}' ] || die "outside any sandbox the stand-in nodes opened: $outside (expected ENXIO for both)"
pass "GPU device policy: each agent reaches its own GPU node and is refused the other's ($a / $b; outside any sandbox: $outside)"
for p in "${ra%% *}" "${rb%% *}"; do expect_ok DELETE "/api/v1/agents/$p"; done

# 8. Confinement (issue #13): an attacker agent beside a victim; its own file, so edits here stay apart.
. "$repo/image/confinement-check.sh"

# 9. Networking (issue #14): egress through NAT by policy, never to the VM itself; its own file too.
. "$repo/image/network-check.sh"

# 10. Backup and restore (issue #21): a backup of this VM restored on a second, fresh VM; its own file.
. "$repo/image/backup-check.sh"

summary
echo "boot-test: all checks passed; boot-to-READY ${ready_host}s (power-on) / $((ready_guest / 1000000))s (Linux start) under TCG"
