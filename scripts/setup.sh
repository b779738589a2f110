#!/usr/bin/env bash
# Install what keel's checks, tests, demo and benchmarks need, when missing:
# Deno, Bun and Node (npm devDependencies, into node_modules/.bin), and
# redis-server and openssl from Debian when running as root. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

# The Node the tests run on (package.json's `node`), whatever Node runs npm.
node_major=$(node_modules/.bin/node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/' || true)
if [ ! -x node_modules/.bin/deno ] || [ ! -x node_modules/.bin/bun ] \
  || ! node_modules/.bin/deno --version >/dev/null 2>&1 \
  || ! node_modules/.bin/bun --version >/dev/null 2>&1 \
  || [ "${node_major:-0}" -lt 22 ]; then
  echo "setup: installing Deno, Bun, Node and the dev packages from npm"
  npm install --no-audit --no-fund --loglevel=error
fi

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing ${missing[*]}: install them (e.g. sudo apt-get install -y ${missing[*]}) and run again" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]} from Debian"
  # Keep the package's own service from starting: the tests start private servers.
  policy=/usr/sbin/policy-rc.d
  created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod +x "$policy"
    created_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ "$created_policy" -eq 1 ] && rm -f "$policy"
fi
echo "setup: deno $(node_modules/.bin/deno --version | head -n 1 | cut -d' ' -f2)," \
  "bun $(node_modules/.bin/bun --version), node $(node_modules/.bin/node --version | cut -c2-)," \
  "$(redis-server --version | cut -d' ' -f3)"
