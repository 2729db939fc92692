#!/usr/bin/env bash
# make gpu-check: GPU passthrough against a real NVIDIA GPU (the test tiers only have stand-ins).
# Inventories the GPUs (nvidia-smi, and the kernel's own inventory through GET /api/v1/gpus),
# then, through the real kernel's API, gives GPU 0 to an agent in a systemd sandbox (where systemd
# is PID 1) and in a Docker container (where Docker answers): nvidia-smi must work inside, and a
# second agent must not be able to open that GPU's node. Prints PASS/FAIL/SKIP lines and a total;
# exits 1 on a failure, 2 when the host has no NVIDIA GPU (nothing was checked), else 0.
# The kernel: the installed one when aether-kernel.service runs (the appliance), else the built one
# from this checkout, started for the check as a transient unit with its own state directory.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
passes=0 fails=0
pass() { echo "gpu-check: PASS  $1"; passes=$((passes + 1)); }
fail() { echo "gpu-check: FAIL  $1"; fails=$((fails + 1)); }
skip() { echo "gpu-check: SKIP  $1"; }
finish() { echo "gpu-check: $passes passed, $fails failed"; [ "$fails" -eq 0 ]; exit $?; }
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {"d": d}))' "$1"; }

nodes=$(ls /dev/nvidia[0-9]* 2>/dev/null | paste -sd' ')
if ! command -v nvidia-smi >/dev/null || [ -z "$nodes" ]; then
  echo "gpu-check: NO NVIDIA GPU on this host (nvidia-smi: $(command -v nvidia-smi || echo not found); /dev/nvidia[0-9]*: ${nodes:-none}): nothing was checked"
  echo "  hint: run it on a host with an NVIDIA GPU and its driver loaded (nvidia-smi lists the GPU)"
  exit 2
fi
[ "$(id -u)" = 0 ] || { echo "gpu-check: needs root (it starts agents)"; echo "  hint: sudo make gpu-check"; exit 1; }

# 1. Inventory, as the driver sees it.
if inv=$(nvidia-smi --query-gpu=index,uuid,name,memory.total,driver_version --format=csv,noheader 2>&1); then
  pass "nvidia-smi on the host: $(echo "$inv" | wc -l) GPU(s): $(echo "$inv" | paste -sd';')"
else
  fail "nvidia-smi on the host failed: $inv"; finish
fi
gpus=$(echo "$inv" | wc -l)
echo "gpu-check: nodes $nodes $(ls /dev/nvidiactl /dev/nvidia-uvm 2>/dev/null | paste -sd' '); libraries: $(ldconfig -p | grep -oE 'lib(cuda|nvidia-ml)\.so\.1 ' | sort -u | paste -sd' ')"

# 2. A kernel to talk to.
cleanup=()
trap 'for c in "${cleanup[@]}"; do eval "$c"; done' EXIT
if systemctl is-active --quiet aether-kernel.service 2>/dev/null; then
  state=/var/lib/aether url=https://127.0.0.1 curl_tls=-k
  echo "gpu-check: using the installed kernel (aether-kernel.service)"
elif [ -d /run/systemd/system ]; then
  [ -f "$repo/kernel-service/dist/main.js" ] || { fail "the kernel is not built: run make build"; finish; }
  state=$(mktemp -d /var/lib/aether-gpu-check.XXXXXX) curl_tls=
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  url=http://127.0.0.1:$port unit=aether-gpu-check-$$
  systemd-run --quiet --unit="$unit" --collect -p Type=notify -p NotifyAccess=main -p KillMode=mixed \
    -E AETHER_STATE_DIR="$state" -E AETHER_API_HOST=127.0.0.1 -E AETHER_API_PORT="$port" \
    /usr/bin/node "$repo/kernel-service/dist/main.js" || { fail "could not start the kernel ($unit)"; finish; }
  cleanup+=("systemctl stop $unit 2>/dev/null; rm -rf $state")
  echo "gpu-check: started the kernel from this checkout as $unit on $url (state in $state)"
else
  echo "gpu-check: systemd is not PID 1 here and no aether-kernel.service runs: the kernel's checks cannot run"
  skip "systemd sandbox and Docker container (no kernel)"; finish
fi
for _ in $(seq 60); do curl -fs $curl_tls "$url/health" >/dev/null && break; sleep 1; done
token=$(cat "$state/admin.token" 2>/dev/null) || { fail "the kernel did not come up (no $state/admin.token)"; finish; }
api() { # METHOD PATH [JSON] -> body
  curl -s $curl_tls -X "$1" -H "Authorization: Bearer $token" ${3:+-H 'Content-Type: application/json' --data "$3"} "$url$2"
}
kinv=$(api GET /api/v1/gpus)
kcount=$(json 'len(d["gpus"])' <<<"$kinv" 2>/dev/null || echo 0)
[ "$kcount" = "$gpus" ] && pass "the kernel's inventory (GET /api/v1/gpus) lists the same $gpus GPU(s): $(json '", ".join(g["name"] for g in d["gpus"])' <<<"$kinv")" \
  || fail "the kernel lists $kcount GPU(s), nvidia-smi $gpus: $kinv"

# The program each agent runs: nvidia-smi (the one holding the GPU), then an open of GPU 0's node.
probe='import errno, json, os, sys
try:
    os.close(os.open("/dev/nvidia0", os.O_RDWR)); r = 0
except OSError as e:
    r = errno.errorcode.get(e.errno, str(e.errno))
print(json.dumps(r))'
pids=()
spawn() { # name sandbox-json smi(yes|no) -> pid
  local cmd body out
  cmd="$([ "$3" = yes ] && echo 'nvidia-smi -L > smi.txt 2>&1; echo $? > smi.code; ')python3 -c \"\$0\" > opened.json; exec sleep 600"
  body=$(python3 -c 'import json,sys; print(json.dumps({"name": sys.argv[1], "command": ["/bin/sh", "-c", sys.argv[3], sys.argv[4]], "sandbox": json.loads(sys.argv[2])}))' "$1" "$2" "$cmd" "$probe")
  out=$(api POST /api/v1/agents "$body")
  json 'd["pid"]' <<<"$out" 2>/dev/null || { echo "spawn $1: $out" >&2; return 1; }
}
home_file() { # pid file -> content (waits up to 60 s)
  local id; id=$(api GET "/api/v1/agents/$1" | json 'd["agent"]["id"]')
  for _ in $(seq 120); do [ -s "$state/homes/$id/$2" ] && { cat "$state/homes/$id/$2"; return 0; }; sleep 0.5; done
  echo "(no $2 after 60 s: $(api GET "/api/v1/agents/$1"))"; return 1
}
check_driver() { # label sandbox-json-with-gpu sandbox-json-without
  local holder other smi code opened
  holder=$(spawn "gpu-check-$1" "$2" yes) || { fail "$1: spawning an agent with GPU 0 failed"; return; }
  pids+=("$holder")
  code=$(home_file "$holder" smi.code); smi=$(home_file "$holder" smi.txt)
  [ "$code" = 0 ] && pass "$1: nvidia-smi inside the agent's sandbox: $(echo "$smi" | head -1)" || fail "$1: nvidia-smi inside failed ($code): $smi"
  opened=$(home_file "$holder" opened.json)
  [ "$opened" = 0 ] && pass "$1: the agent holding GPU 0 opens /dev/nvidia0" || fail "$1: the holder could not open /dev/nvidia0: $opened"
  other=$(spawn "gpu-check-$1-other" "$3" no) || { fail "$1: spawning the second agent failed"; return; }
  pids+=("$other")
  opened=$(home_file "$other" opened.json)
  [ "$opened" != 0 ] && [[ $opened != "(no"* ]] && pass "$1: a second agent cannot open GPU 0's node ($opened)" \
    || fail "$1: a second agent opened /dev/nvidia0 ($opened)"
}
other_gpu='{}'; [ "$gpus" -ge 2 ] && other_gpu='{"gpus": {"deviceIds": ["1"]}}'
systemd_other=$other_gpu; [ "$gpus" -ge 2 ] || systemd_other='{"driver": "systemd"}'
check_driver systemd '{"driver": "systemd", "gpus": {"deviceIds": ["0"]}}' "$systemd_other"
if docker info >/dev/null 2>&1; then
  image=${GPU_CHECK_IMAGE:-aether-agent:latest}
  if docker image inspect "$image" >/dev/null 2>&1; then
    d_other='{"driver": "docker", "image": "'$image'"}'; [ "$gpus" -ge 2 ] && d_other='{"driver": "docker", "image": "'$image'", "gpus": {"deviceIds": ["1"]}}'
    check_driver docker '{"driver": "docker", "image": "'$image'", "gpus": {"deviceIds": ["0"]}}' "$d_other"
  else
    skip "docker: no image $image (give one with python3 in it: GPU_CHECK_IMAGE=name make gpu-check)"
  fi
else
  skip "docker: no Docker engine answers here"
fi
for p in "${pids[@]}"; do api DELETE "/api/v1/agents/$p" >/dev/null; done
finish
