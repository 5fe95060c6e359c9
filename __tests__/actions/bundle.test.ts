/**
 * setup-go's tool-cache hit must start like bare `node`: what dist/setup-go/index.js loads before
 * anything else runs must not hold @actions/core's HTTP client or @actions/exec (the ~800 KB that
 * scripts/bundle.mjs keeps out of it). The network and cache code is loaded only when needed.
 * Reads the bundle that scripts/test.sh builds first.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../lab/paths.js';

/** The files an ES module loads statically (its `import … from './…'` lines), itself included. */
function staticGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const src = readFileSync(file, 'utf8');
  for (const m of src.matchAll(/^import\s[^'"]*?["'](\.[^"']+)["']/gm))
    staticGraph(join(dirname(file), m[1]!), seen);
  return seen;
}

describe('setup-go start-up', () => {
  const files = [...staticGraph(join(REPO, 'dist', 'setup-go', 'index.js'))];
  const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');

  it('loads @actions/core (its one way to the runner) but not its HTTP client or exec', () => {
    expect(text).toContain('// node_modules/@actions/core/lib/file-command.js');
    for (const heavy of ['@actions/http-client', '@actions/exec', 'undici', '@actions/cache'])
      expect(text).not.toContain(`// node_modules/${heavy}/`);
  });

  it('stays small', () => {
    const bytes = files.reduce((n, f) => n + readFileSync(f).length, 0);
    expect(bytes).toBeLessThan(200_000);
  });
});
