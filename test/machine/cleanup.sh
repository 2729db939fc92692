#!/usr/bin/env bash
# Stops every development/test machine left behind by an interrupted run: kills its
# systemd-nspawn, then everything in its cgroup (frozen agents included), then its files.
set -u
root=${AETHER_MACHINES:-/var/lib/aether-dev/machines}
for pid in $(pgrep -f "systemd-nspawn -D $root/" || true); do kill -KILL "$pid" 2>/dev/null; done
for cg in /sys/fs/cgroup/unified/aether-machine-* /sys/fs/cgroup/aether-machine-*; do
  [ -d "$cg" ] || continue
  echo 1 > "$cg/cgroup.kill"
  for _ in $(seq 50); do grep -q 'populated 0' "$cg/cgroup.events" && break; sleep 0.1; done
  find "$cg" -depth -type d -exec rmdir {} \; 2>/dev/null
done
rm -rf "${root:?}"/*
echo "machines cleaned"
