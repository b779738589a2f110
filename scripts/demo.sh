#!/usr/bin/env bash
# Run examples/quickstart.ts against a throwaway redis-server on a free port.
# `--bun` runs it with Bun instead of Deno.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"

dir=$(mktemp -d)
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" \
  --daemonize no --logfile "$dir/redis.log" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do
  redis-cli -p "$port" ping >/dev/null 2>&1 && break
  sleep 0.05
done

export REDIS_URL="redis://127.0.0.1:$port"
if [ "${1:-}" = "--bun" ]; then
  bun examples/quickstart.ts
else
  deno run --allow-net=127.0.0.1 --allow-env=REDIS_URL examples/quickstart.ts
fi
