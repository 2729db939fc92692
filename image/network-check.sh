# Sourced by image/boot-test.sh (needs its vm, api, json, wait_state, pass, die, free_port, work):
# issue #14 on the appliance. An egress agent gets its own namespace and NAT out of the VM (it
# reaches a server on the test host through QEMU's gateway 10.0.2.2 when its policy allows that
# address) and reaches neither the VM's own services nor the kernel's API; the same destination
# is refused when the policy does not allow it. Control: a host-mode agent reaches the VM's service.
# http:// entries are fetched (200 when reached); tcp://HOST:PORT entries only connect (200 when connected).
net_probe=$'import json, os, socket, sys, urllib.request\nr = {}\nfor u in sys.argv[1:]:\n    try:\n        if u.startswith("tcp://"):\n            h, p = u[6:].rsplit(":", 1)\n            socket.create_connection((h, int(p)), timeout=5).close()\n            r[u] = 200\n        else:\n            r[u] = urllib.request.urlopen(u, timeout=5).status\n    except Exception as e:\n        r[u] = type(e).__name__\nopen("net.tmp", "w").write(json.dumps(r))\nos.rename("net.tmp", "net")'
net_run() { # name network egress-json url... -> the probe's JSON result
  local name=$1 network=$2 egress=$3 body out code pid id; shift 3
  body=$(python3 -c 'import json,sys; b={"name": sys.argv[1], "network": sys.argv[2], "command": ["/usr/bin/python3", "-c", sys.argv[4], *sys.argv[5:]]}
if sys.argv[3]: b["egress"] = json.loads(sys.argv[3])
print(json.dumps(b))' "$name" "$network" "$egress" "$net_probe" "$@")
  out=$(api POST /api/v1/agents "$body"); code=${out##*$'\n'}
  [ "$code" = 201 ] || die "network: POST /api/v1/agents ($name, network $network) answered $code: ${out%$'\n'*}"
  pid=$(json 'd["pid"]' <<<"${out%$'\n'*}"); id=$(json 'd["agent"]["id"]' <<<"${out%$'\n'*}")
  wait_state "$pid" exited
  vm cat "/var/lib/aether/homes/$id/net" || die "network: agent $name wrote no probe result" "journalctl -u aether-p$pid.service"
}

# A server on the test host (QEMU's user network maps 10.0.2.2 to the host's loopback) and one in the VM.
net_port=$(free_port)
mkdir -p "$work/www" && echo egress-ok > "$work/www/marker"
python3 -m http.server --bind 127.0.0.1 "$net_port" --directory "$work/www" >"$work/net-server.log" 2>&1 &
net_server=$!
vm 'systemd-run --quiet --unit=boot-test-web python3 -m http.server --bind 0.0.0.0 8099 --directory /usr/share/common-licenses'
vm_addr=$(vm "ip -4 -o route get 10.0.2.2 | sed -n 's/.* src \([0-9.]*\).*/\1/p'")
[ -n "$vm_addr" ] || die "network: the VM has no IPv4 address towards 10.0.2.2"
for _ in $(seq 30); do vm curl -fs --max-time 2 -o /dev/null "http://$vm_addr:8099/" && break; sleep 1; done

outside="http://10.0.2.2:$net_port/marker" inside="http://$vm_addr:8099/" api_url="tcp://$vm_addr:443"
allowed=$(net_run net-allowed egress '{"allow": ["10.0.2.2/32"]}' "$outside" "$inside" "$api_url")
[ "$(json "d['$outside']" <<<"$allowed")" = 200 ] || die "network: an egress agent allowed 10.0.2.2 did not reach it: $allowed" "journalctl -u aether-kernel | grep -i network"
[ "$(json "d['$inside']" <<<"$allowed")" != 200 ] || die "network: an egress agent reached the VM's own service $inside: $allowed"
[ "$(json "d['$api_url']" <<<"$allowed")" != 200 ] || die "network: an egress agent reached the kernel's API: $allowed"
refused=$(net_run net-refused egress '{"allow": ["198.51.100.1/32"]}' "$outside")
[ "$(json "d['$outside']" <<<"$refused")" != 200 ] || die "network: an egress agent reached 10.0.2.2 without its policy allowing it: $refused"
host=$(net_run net-host host '' "$inside")
[ "$(json "d['$inside']" <<<"$host")" = 200 ] || die "network: the control failed, a host-mode agent did not reach $inside: $host"
pass "network: an egress agent reaches an allowed address through NAT, not the VM's services or the API, nor a destination its policy does not allow (control: host mode reaches the VM's service)"
kill "$net_server" 2>/dev/null || true
vm 'systemctl stop boot-test-web' || true
