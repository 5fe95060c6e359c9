import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readActionYaml } from '../../lab/runner.js';
import { REPO } from '../../lab/paths.js';

describe('docs/bench-gate.md', () => {
  const doc = readFileSync(join(REPO, 'docs', 'bench-gate.md'), 'utf8');
  const spec = readActionYaml('bench-gate');

  it('documents every input and output of action.yml', () => {
    for (const name of Object.keys(spec.inputs ?? {})) expect(doc, name).toContain(`\`${name}\``);
    for (const name of Object.keys(spec.outputs ?? {})) expect(doc, name).toContain(`\`${name}\``);
  });

  it('states the defaults action.yml really has', () => {
    for (const [name, def] of Object.entries(spec.inputs ?? {})) {
      if (def.default === undefined || def.default === '') continue;
      const row = doc
        .split('\n')
        .find((l) => l.startsWith(`| \`${name}\``) || l.includes(`| \`${name}\`,`));
      expect(row, name).toBeDefined();
      expect(row, name).toContain(`\`${String(def.default)}\``);
    }
  });

  it('has the results of the bench filled in', () => {
    expect(doc).not.toContain('RESULTS_PLACEHOLDER');
  });
});
