/**
 * The output names the code sets are constants next to the code that sets them; each action.yml
 * must declare exactly those, so a renamed or forgotten output fails here rather than reaching a
 * workflow as an empty string.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BENCH_GATE_OUTPUTS } from '../../src/bench/pipeline.js';
import { BUILD_OUTPUTS } from '../../src/build/pipeline.js';
import { DEPLOY_OUTPUTS } from '../../src/deploy/outputs.js';
import { SETUP_GO_OUTPUTS } from '../../src/go/report.js';
import { RELEASE_OUTPUTS } from '../../src/release/config.js';
import { REPO } from '../../lab/paths.js';

function declared(actionYml: string): string[] {
  const doc = parse(readFileSync(join(REPO, actionYml), 'utf8')) as { outputs?: object };
  return Object.keys(doc.outputs ?? {}).sort();
}

const names = (...sets: Record<string, string>[]) => sets.flatMap((s) => Object.values(s)).sort();

describe('outputs declared in action.yml are the ones the code sets', () => {
  it.each([
    ['actions/setup-go/action.yml', names(SETUP_GO_OUTPUTS)],
    ['actions/build/action.yml', names(BUILD_OUTPUTS, RELEASE_OUTPUTS)],
    ['actions/bench-gate/action.yml', names(BENCH_GATE_OUTPUTS)],
    ['actions/deploy-windows/action.yml', names(DEPLOY_OUTPUTS)],
    ['action.yml', names(SETUP_GO_OUTPUTS, BUILD_OUTPUTS, RELEASE_OUTPUTS)],
  ])('%s', (file, expected) => {
    expect(declared(file)).toEqual(expected);
  });
});
