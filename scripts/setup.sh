#!/usr/bin/env bash
# The one set-up step before `npm ci && npm test` (the README's test command and .ci/run both call it).
# Idempotent. As root on Debian it installs what scripts/test-deps.txt lists and is not installed yet;
# anywhere else it names exactly what is missing and how to get it, and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
DEPS="${TEST_DEPS_FILE:-scripts/test-deps.txt}"

present() { # one "what must exist" item: an absolute path, or a command on PATH
  case "$1" in /*) [ -e "$1" ] ;; *) command -v "$1" >/dev/null 2>&1 ;; esac
}

missing_pkgs=()
missing_lines=()
while IFS='|' read -r pkg needs why; do
  pkg="$(echo "$pkg" | xargs)"
  [ -z "$pkg" ] && continue
  case "$pkg" in \#*) continue ;; esac
  IFS=',' read -ra items <<<"$needs"
  for item in "${items[@]}"; do
    item="$(echo "$item" | xargs)"
    if ! present "$item"; then
      missing_pkgs+=("$pkg")
      missing_lines+=("  $item (Debian package $pkg: $(echo "$why" | xargs))")
      break
    fi
  done
done <"$DEPS"

node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node.js 20 or later is needed (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

if [ ${#missing_pkgs[@]} -eq 0 ]; then
  echo "setup: everything in $DEPS is installed."
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 && [ -z "${SETUP_CHECKED_AFTER_INSTALL:-}" ]; then
  echo "setup: installing ${missing_pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing_pkgs[@]}" >/dev/null
  # Installed is not enough: check again what the tests will look for.
  SETUP_CHECKED_AFTER_INSTALL=1 exec "$0"
fi

echo "setup: the tests need these, which are missing:" >&2
printf '%s\n' "${missing_lines[@]}" >&2
if command -v apt-get >/dev/null 2>&1; then
  echo "Install them as root: apt-get install -y --no-install-recommends ${missing_pkgs[*]}" >&2
  echo "(or run this script as root: sudo scripts/setup.sh)" >&2
else
  echo "This is not a Debian-like system: install the equivalent packages of ${missing_pkgs[*]} with your package manager." >&2
fi
exit 1
