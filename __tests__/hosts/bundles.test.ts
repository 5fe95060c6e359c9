/**
 * The Wine lab stays out of the product: the Wine executor is imported on demand, so esbuild puts
 * it in a chunk of its own that an action loads only when the lab asks for it (`npm run bundle`
 * first; scripts/test.sh does).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO } from '../../lab/paths.js';

const DIST = join(REPO, 'dist');
// Strings only the Wine executor holds.
const WINE_ONLY = ['wineserver', 'WINEDLLOVERRIDES'];

describe('bundles', () => {
  const actions = readdirSync(DIST, { withFileTypes: true }).filter((d) => d.isDirectory());

  test.each(actions.map((d) => d.name))('%s: no entry file carries the Wine executor', (name) => {
    for (const entry of ['index.js', 'post.js']) {
      const file = join(DIST, name, entry);
      if (!existsSync(file)) continue;
      const text = readFileSync(file, 'utf8');
      for (const s of WINE_ONLY) expect(text.includes(s), `${name}/${entry}: ${s}`).toBe(false);
    }
  });

  test('deploy-windows loads it from a chunk of its own, which only Wine code is in', () => {
    const chunks = join(DIST, 'deploy-windows', 'chunks');
    const withWine = readdirSync(chunks).filter((f) =>
      readFileSync(join(chunks, f), 'utf8').includes('wineserver'),
    );
    expect(withWine).toHaveLength(1);
    expect(withWine[0]).toMatch(/^wine-/);
  });
});
