#!/bin/bash
# Runs inside the booted image (Packer's shell provisioner): install a release into /opt/aether,
# install its units, start the kernel and prove it reaches READY and answers /health.
#   provision.sh RELEASE.tar.gz
set -euo pipefail
release=${1:?usage: provision.sh RELEASE.tar.gz}
step() { echo "provision: $*"; }
fail() { echo "provision: FAILED: $1" >&2; journalctl -u aether-kernel -b --no-pager -n 60 >&2 || true; exit 1; }

step "installing $(basename "$release") into /opt/aether"
rm -rf /opt/aether.new && mkdir -p /opt/aether.new
tar -C /opt/aether.new --strip-components=2 -xzf "$release" opt/aether
rm -rf /opt/aether.old; [ -d /opt/aether ] && mv /opt/aether /opt/aether.old
mv /opt/aether.new /opt/aether && rm -rf /opt/aether.old
# The native modules were compiled on the build host: prove they load with this image's node.
(cd /opt/aether && node -e 'new (require("better-sqlite3"))(":memory:"); require("sd-notify")') \
  || fail "better-sqlite3 does not load with this image's node $(node -v): rebuild it for Node 20 (make deps)"
/usr/local/sbin/aether-install-units

step "starting aether-kernel.service (waits for READY=1)"
start=$(date +%s%N)
# For Type=notify, `systemctl start` returns once the service sent READY=1, or fails.
systemctl start aether-kernel.service || fail "aether-kernel.service did not reach READY"
ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$(systemctl show -P SubState aether-kernel.service)" = running ] || fail "aether-kernel.service is not running"
step "READY after ${ready_ms} ms; checking /health over HTTPS on port 443"
for _ in $(seq 30); do
  body=$(curl -fsk --max-time 5 https://127.0.0.1/health 2>/dev/null) && break
  sleep 1
done
[[ ${body:-} == *'"status":"ok"'* ]] || fail "GET https://127.0.0.1/health did not answer {\"status\":\"ok\"}: ${body:-no answer}"
step "/health: $body"
curl -fsk --max-time 5 -o /dev/null https://127.0.0.1/ || fail "Mission Control (GET /) is not served"
step "Mission Control answers on /"
