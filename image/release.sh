#!/bin/bash
# Stage what Packer installs as /opt/aether into one tarball: the built kernel service, the built
# web UI, production node_modules (with native modules compiled by `make deps`), and the units.
#   image/release.sh OUT.tar.gz       (after `make deps build`)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "${1:?usage: image/release.sh OUT.tar.gz}")
die() { echo "release: $1" >&2; [ -n "${2:-}" ] && echo "  hint: $2" >&2; exit 1; }
cd "$repo"
[ -f kernel-service/dist/main.js ] || die "kernel-service/dist/main.js is missing" "make build"
[ -f web/dist/index.html ] || die "web/dist/index.html is missing" "make build"
[ -d node_modules/better-sqlite3/build/Release ] || die "better-sqlite3 has no compiled module in node_modules" "make deps"

stage=$(mktemp -d "$repo/build/.release.XXXXXX")
trap 'rm -rf "$stage"' EXIT
opt=$stage/opt/aether
mkdir -p "$opt/kernel-service" "$opt/web" "$opt/units" "$opt/docs"
cp package.json package-lock.json "$opt/"
cp -a kernel-service/package.json kernel-service/dist "$opt/kernel-service/"
# The SDK the `aether` CLI uses (a workspace package: node_modules/@aether-os/sdk links to it).
mkdir -p "$opt/kernel-service/sdk" && cp -a kernel-service/sdk/package.json kernel-service/sdk/dist "$opt/kernel-service/sdk/"
cp -a web/package.json web/dist "$opt/web/"
cp units/* "$opt/units/"
[ -f docs/ARCHITECTURE.md ] && cp docs/ARCHITECTURE.md "$opt/docs/"
[ -f docs/IMAGE.md ] && cp docs/IMAGE.md "$opt/docs/"
# Reuse the compiled tree and drop dev dependencies, instead of a second `npm ci` that would
# compile better-sqlite3 again (minutes on two cores). Workspace links resolve inside $opt.
cp -a node_modules "$opt/"
(cd "$opt" && npm prune --omit=dev --no-audit --no-fund --loglevel=error) \
  || die "npm prune --omit=dev failed in $opt" "run: cd $opt && npm prune --omit=dev"
# Native modules need only their compiled .node file at run time, not the compiler's
# intermediates or bundled C sources (tens of MB for better-sqlite3's SQLite).
find "$opt/node_modules" -type d -path '*/build/Release' -prune -print | while read -r rel; do
  mod=${rel%/build/Release}
  find "$mod/build" -mindepth 1 -maxdepth 1 ! -name Release -exec rm -rf {} +
  find "$rel" -mindepth 1 -maxdepth 1 ! -name '*.node' -exec rm -rf {} +
  rm -rf "$mod/deps" "$mod/src"
done
# The agent programs of the program templates (make deps-programs): pinned, ~800 MB of native binaries.
[ -d programs/node_modules/.bin ] || die "programs/node_modules is missing (Claude Code, Codex)" "make deps-programs"
mkdir -p "$opt/programs"
cp -a programs/package.json programs/package-lock.json programs/node_modules "$opt/programs/"
git rev-parse --short HEAD > "$opt/VERSION" 2>/dev/null || echo unknown > "$opt/VERSION"
tar -C "$stage" --owner=0 --group=0 -czf "$out" opt
echo "release: $out ($(du -h "$out" | cut -f1); node_modules $(du -sh "$opt/node_modules" | cut -f1))"
