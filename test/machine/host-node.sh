#!/usr/bin/env bash
# Makes sure the host has Node.js >= 20.19 and npm (the build, the tests and `make run` need both).
# Debian 13 (trixie) has them in main; Debian 12 (bookworm) has Node 18 only, so there they come
# from the trixie suite, pinned to priority 100 so that nothing else on the host is upgraded to
# trixie (apt takes trixie's libc6 along, as nodejs needs it). Elsewhere: a clear message.
set -euo pipefail
want_major=20 want_minor=19
mirror=${AETHER_MIRROR:-http://deb.debian.org/debian}

node_ok() {
  command -v node >/dev/null && command -v npm >/dev/null || return 1
  local v; v=$(node -p 'process.versions.node' 2>/dev/null) || return 1
  local major=${v%%.*} rest=${v#*.}
  local minor=${rest%%.*}
  [ "$major" -gt $want_major ] || { [ "$major" -eq $want_major ] && [ "$minor" -ge $want_minor ]; }
}
have() { command -v node >/dev/null && echo "Node.js $(node -v)${1:-}" || echo "no Node.js"; }

node_ok && exit 0
found=$(have)
[ "$(id -u)" = 0 ] || { echo "deps: Node.js >= $want_major.$want_minor and npm are needed ($found); installing them needs root" >&2
  echo "  hint: sudo make deps   (or install Node.js >= $want_major.$want_minor yourself)" >&2; exit 1; }
codename=$( (. /etc/os-release && echo "${VERSION_CODENAME:-}") 2>/dev/null || true)
export DEBIAN_FRONTEND=noninteractive
case $codename in
  bookworm)
    echo "==> deps: Node.js >= $want_major.$want_minor and npm from Debian 13 (trixie), pinned: Debian 12 has only Node 18 ($found)"
    echo "deb $mirror trixie main" > /etc/apt/sources.list.d/aether-trixie.list
    # Priority 100: trixie's packages are installed only when asked for (-t trixie) or needed by one that was.
    printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/aether-trixie
    apt-get update -q
    apt-get install -y -q -t trixie --no-install-recommends nodejs npm ;;
  trixie | forky | sid | "")
    [ -n "$codename" ] || { echo "deps: cannot tell the Debian release (no VERSION_CODENAME in /etc/os-release)" >&2; exit 1; }
    echo "==> deps: Node.js and npm from Debian's archive ($found)"
    apt-get update -q
    apt-get install -y -q --no-install-recommends nodejs npm ;;
  *)
    echo "deps: Node.js >= $want_major.$want_minor and npm are needed ($found), and this is not Debian 12 or 13 ($codename)" >&2
    echo "  hint: install them from your distribution or https://nodejs.org, then rerun" >&2
    exit 1 ;;
esac
node_ok || { echo "deps: after installing, $(have) is still not >= $want_major.$want_minor with npm" >&2
  echo "  hint: an older node earlier on PATH? $(command -v node || true)" >&2; exit 1; }
echo "==> deps: $(have) and npm $(npm -v)"
