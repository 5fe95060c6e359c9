/**
 * Two clean builds of one commit give the same bytes. "Clean" here: two checkouts at different
 * paths, fresh output folders, different time zones. Both use the test run's shared GOCACHE, which
 * does not weaken the claim: Go's cache is keyed by the inputs of each step, and -trimpath,
 * -buildvcs=false and an empty build ID keep paths, VCS state and cache identity out of the output,
 * so a cache hit yields the bytes a cold build would.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/build/manifest.js';
import { runAction, type ActionResult } from '../../lab/runner.js';
import { EXAMPLE } from '../../lab/paths.js';
import { git, gitRepo, tempDir } from './fixtures.js';

let first: { dist: string; r: ActionResult };
let second: { dist: string; r: ActionResult };

async function build(repo: string, tz: string) {
  const r = await runAction('build', {
    workspace: repo,
    env: { TZ: tz },
    inputs: { targets: 'linux/amd64, windows/amd64', upload: false, 'company-name': 'Acme' },
  });
  expect(r.exitCode, r.stdout).toBe(0);
  return { dist: join(repo, 'dist'), r };
}

beforeAll(async () => {
  const repo = gitRepo({ copyFrom: EXAMPLE });
  const elsewhere = join(tempDir('winship-other-checkout-'), 'a', 'deeper', 'path');
  execFileSync('git', ['clone', '-q', repo, elsewhere]);
  expect(git(elsewhere, ['rev-parse', 'HEAD'])).toBe(git(repo, ['rev-parse', 'HEAD']));
  first = await build(repo, 'UTC');
  second = await build(elsewhere, 'Pacific/Chatham');
}, 600_000);

describe('two clean builds of one commit', () => {
  it('produce the same files', () => {
    expect(readdirSync(second.dist).sort()).toEqual(readdirSync(first.dist).sort());
    expect(readdirSync(first.dist)).toHaveLength(6);
  });

  it('produce byte-identical binaries, archives and SHA256SUMS', () => {
    for (const f of readdirSync(first.dist).filter((f) => f !== 'manifest.json')) {
      const a = readFileSync(join(first.dist, f));
      const b = readFileSync(join(second.dist, f));
      expect(b.equals(a), `${f} differs between the two builds`).toBe(true);
    }
  });

  it('produce manifests that differ only in build times', () => {
    const strip = (dist: string) => {
      const m = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as Manifest;
      return { ...m, targets: m.targets.map((t) => ({ ...t, seconds: 0 })) };
    };
    expect(strip(second.dist)).toEqual(strip(first.dist));
    expect(second.r.outputs.version).toBe(first.r.outputs.version);
  });
});
