/**
 * Writes the root action.yml from actions/setup-go and actions/build: the root action runs both in
 * one process, so its inputs and outputs are theirs, word for word. `npm run generate` rewrites it;
 * a test fails when the committed file differs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { REPO } from './docs-tables.js';

interface Spec {
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

const PARTS = ['setup-go', 'build'] as const;

export function rootActionYaml(): string {
  const inputs: Record<string, unknown> = {};
  const outputs: Record<string, unknown> = {};
  for (const part of PARTS) {
    const spec = parse(readFileSync(join(REPO, 'actions', part, 'action.yml'), 'utf8')) as Spec;
    for (const [k, v] of Object.entries(spec.inputs ?? {})) {
      if (k in inputs) throw new Error(`input '${k}' is declared by two parts of the root action`);
      inputs[k] = v;
    }
    for (const [k, v] of Object.entries(spec.outputs ?? {})) {
      if (k in outputs)
        throw new Error(`output '${k}' is declared by two parts of the root action`);
      outputs[k] = v;
    }
  }
  const doc = {
    name: 'winship',
    description:
      'Set up Go and cross-compile a Go service for a matrix of targets into reproducible, ' +
      'checksummed archives uploaded as workflow artifacts: actions/setup-go and actions/build in one step.',
    author: 'winship',
    branding: { icon: 'package', color: 'blue' },
    inputs,
    outputs,
    runs: {
      using: 'node24',
      main: 'dist/winship/index.js',
      post: 'dist/winship/post.js',
      'post-if': 'success()',
    },
  };
  return (
    '# Generated from actions/setup-go/action.yml and actions/build/action.yml by `npm run generate`.\n' +
    stringify(doc, { lineWidth: 100 })
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(join(REPO, 'action.yml'), rootActionYaml());
  console.log('wrote action.yml');
}
