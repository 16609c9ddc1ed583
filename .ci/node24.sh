#!/usr/bin/env bash
# Installs Node 24 LTS from the npm registry's node@24 package, which ships the binary and the
# headers native modules (better-sqlite3) build against, into a cache outside the repository.
# Prints two lines: the folder whose bin/ holds node, then the folder to use as npm's nodedir.
set -euo pipefail

CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/von-appetit/node24"
NODE="$CACHE/node_modules/node"

if [ ! -x "$NODE/bin/node" ]; then
  echo "Installing Node 24 from the npm registry (once per machine)…" >&2
  rm -rf "$CACHE"
  mkdir -p "$CACHE"
  npm install --prefix "$CACHE" --no-audit --no-fund node@24 >&2
fi
headers=$(find -L "$NODE" -path '*/include/node/node_api.h' -print -quit)
if [ -z "$headers" ]; then
  echo "Node 24's headers are missing from $NODE (include/node/node_api.h)" >&2
  exit 1
fi
echo "$NODE"
dirname "$(dirname "$(dirname "$headers")")"
