#!/usr/bin/env bash
# The whole check: formatting, lint, type check, doc lint, a publish dry run,
# then every test under Deno and under Bun against real redis-server processes.
# Ends with one line `N passed, N failed, N skipped` over both runtimes.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
export PATH="$PWD/node_modules/.bin:$PATH"

failed_steps=()
step() {
  local name=$1
  shift
  echo "── $name"
  if ! "$@"; then failed_steps+=("$name"); fi
}

step "deno fmt --check" deno fmt --check
step "deno lint" deno lint
step "deno check" deno check mod.ts async.ts sync.ts commands.ts lib/sync/worker.ts tests/ bench/ examples/ scripts/
step "deno doc --lint" deno doc --lint mod.ts sync.ts commands.ts
step "deno publish --dry-run" deno publish --dry-run --allow-dirty --quiet

step "layers and cycles" node scripts/check_layers.mjs
step "command table from metadata" node scripts/generate_command_table.mjs --check
step "public surface" deno run --allow-read --allow-write --allow-run --allow-env scripts/public_surface.ts --check
step "command coverage" bash -c 'deno run --allow-read scripts/coverage.ts | tail -n 1'

rm -rf .test-results
mkdir -p .test-results
# Deno reports a test that skips itself as passed: the tests log those (tests/support/skip.ts).
export KEEL_SKIP_LOG="$PWD/.test-results/deno.skipped"
step "tests on Deno" deno test -A --no-check --quiet --junit-path=.test-results/deno.xml tests/
unset KEEL_SKIP_LOG
bun_tests() {
  # Bun lists every passing test when not on a terminal: show the rest only.
  bun test --timeout 30000 --reporter=junit --reporter-outfile=.test-results/bun.xml tests/ 2>&1 \
    | grep -v '^(pass)'
  return "${PIPESTATUS[0]}"
}
step "tests on Bun" bun_tests

echo "── results"
node scripts/count_results.mjs deno=.test-results/deno.xml:.test-results/deno.skipped \
  bun=.test-results/bun.xml \
  >.test-results/summary.txt
counted=$?
head -n -1 .test-results/summary.txt
for name in "${failed_steps[@]}"; do echo "failed step: $name"; done
tail -n 1 .test-results/summary.txt
if [ ${#failed_steps[@]} -gt 0 ] || [ $counted -ne 0 ]; then exit 1; fi
