#!/usr/bin/env bash
# Installs Node 24 LTS from the npm registry's node@24 package (it ships the binary and the
# headers native modules build against) into a cache outside the repository.
# Prints two lines: the folder whose bin/ holds node, then the folder to use as npm's nodedir.
#
# The headers are Node 24.18.1's, whatever the runtime: from 24.19 on, node_object_wrap.h gives
# every ObjectWrap a cleanup hook whose removal aborts the process when the garbage collector
# frees the object outside a context (nodejs/node#65446), and better-sqlite3 12 is compiled
# with that header: the server then dies at random, at start-up or under load. Built against
# 24.18.1's headers (the same ABI, 137), the module runs on every Node 24.
set -euo pipefail

CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/von-appetit/node24"
HEADERS_VERSION=24.18.1
NODE="$CACHE/node_modules/node"
HEADERS="$CACHE/headers-$HEADERS_VERSION"

if [ ! -x "$NODE/bin/node" ]; then
  echo "Installing Node 24 from the npm registry (once per machine)…" >&2
  rm -rf "$CACHE"
  mkdir -p "$CACHE"
  npm install --prefix "$CACHE" --no-audit --no-fund node@24 >&2
fi
if [ ! -d "$HEADERS/node_modules/node" ]; then
  echo "Installing Node $HEADERS_VERSION's headers from the npm registry (once per machine)…" >&2
  rm -rf "$HEADERS"
  mkdir -p "$HEADERS"
  npm install --prefix "$HEADERS" --no-audit --no-fund "node@$HEADERS_VERSION" >&2
fi
headers=$(find -L "$HEADERS/node_modules/node" -path '*/include/node/node_api.h' -print -quit)
if [ -z "$headers" ]; then
  echo "Node $HEADERS_VERSION's headers are missing from $HEADERS (include/node/node_api.h)" >&2
  exit 1
fi
echo "$NODE"
dirname "$(dirname "$(dirname "$headers")")"
