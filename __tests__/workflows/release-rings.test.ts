/**
 * docs/workflows/deploy-windows-rings.yml, verbatim, for a pushed tag v3.0.0: the build job, the
 * plan job (deploy-windows `mode: plan` over the repository's deploy/windows-hosts.txt), the canary
 * ring's job (its `canary` environment, one host, a bake after its only wave), the production
 * ring's job (its `production` environment, two hosts in two waves with a bake between), and the
 * report job (`mode: merge` over `toJSON(needs)`), against three sshd + Wine hosts. The bake times
 * are the workflow's own `vars` (WINSHIP_CANARY_BAKE, WINSHIP_PRODUCTION_BAKE), short here.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureSecrets, startLab, type Lab } from './lab.js';
import { makeClientKey, startSshHost, type SshHost } from '../../lab/sshd.js';
import { ensureWinePrefix, type WinePrefix } from '../../lab/wine.js';
import { EXAMPLE } from '../../lab/paths.js';
import { pushEvent } from '../../lab/workflow/events.js';
import type { WorkflowRun } from '../../lab/workflow/executor.js';
import { createFixtureRepo } from '../../lab/workflow/repository.js';

let lab: Lab;
const hosts: SshHost[] = [];
const prefixes: WinePrefix[] = [];
let run: WorkflowRun;

async function health(h: SshHost): Promise<string | undefined> {
  const r = await h.onHost('curl', ['-s', '-m', '5', 'http://127.0.0.1:8080/healthz']);
  return r.code === 0 ? (JSON.parse(r.stdout) as { version: string }).version : undefined;
}

const step = (job: string, id: string) => run.jobs[job]![0]!.steps.find((s) => s.id === id)!;

beforeAll(async () => {
  lab = await startLab();
  const key = makeClientKey(mkdtempSync(join(tmpdir(), 'winship-lab-key-')), 'deploy');
  for (const n of [1, 2, 3]) {
    const prefix = await ensureWinePrefix(`lab-rings-h${n}`);
    await prefix.shutdown();
    prefixes.push(prefix);
    hosts.push(
      await startSshHost({
        prefix,
        authorizedKeys: [key.publicKey],
        name: `lab-rings-${n}`,
        isolatedNetwork: true,
      }),
    );
  }
  const repo = createFixtureRepo({
    source: EXAMPLE,
    files: {
      LICENSE: 'MIT License\n\nCopyright (c) 2026 winship test\n',
      'deploy/windows-hosts.txt': `# the fleet, in rollout order\n${hosts.map((h) => h.target).join('\n')}\n`,
    },
  });
  repo.tag('v3.0.0', 'main');
  const { secrets, vars } = fixtureSecrets({
    'ssh-private-key': key.privateKey,
    'host-fingerprints': hosts.map((h) => h.fingerprintLine).join('\n'),
  });
  run = await lab.run(
    'docs/workflows/deploy-windows-rings.yml',
    pushEvent(repo, 'refs/tags/v3.0.0'),
    repo,
    {
      secrets,
      vars: { ...vars, WINSHIP_CANARY_BAKE: '3s', WINSHIP_PRODUCTION_BAKE: '2s' },
    },
  );
}, 1_500_000);

afterAll(async () => {
  for (const h of hosts) await h.stop();
  for (const p of prefixes) await p.shutdown();
  await lab?.close();
});

describe('docs/workflows/deploy-windows-rings.yml for tag v3.0.0', () => {
  it('plans two rings from the hosts file: canary the first host, production the rest', () => {
    expect(run.result('plan'), run.log()).toBe('success');
    const rings = JSON.parse(run.jobs.plan![0]!.outputs.rings!) as Record<
      string,
      { hosts: string; count: number; waves: string; 'bake-time': string; 'bake-final': boolean }
    >;
    expect(Object.keys(rings)).toEqual(['canary', 'production']);
    expect(rings.canary).toMatchObject({
      hosts: hosts[0]!.target,
      count: 1,
      waves: '',
      'bake-time': '3s',
      'bake-final': true,
    });
    expect(rings.production).toMatchObject({
      hosts: `${hosts[1]!.target}\n${hosts[2]!.target}`,
      count: 2,
      waves: '10%, 50%, 100%',
      'bake-time': '2s',
      'bake-final': false,
    });
  });

  it('runs each ring as its own job in its own environment, canary first', () => {
    expect(run.jobs.canary![0]!.environment).toBe('canary');
    expect(run.jobs.production![0]!.environment).toBe('production');
    expect(run.result('canary'), run.log()).toBe('success');
    expect(run.result('production'), run.log()).toBe('success');
    const canary = step('canary', 'deploy');
    expect(JSON.parse(canary.outputs.deployed!)).toEqual([hosts[0]!.target]);
    // The canary stays healthy for the bake before its job (and so the next ring) may finish.
    expect(canary.log).toMatch(/Bake after wave 1: passed after [0-9.]+ s/);
    const production = step('production', 'deploy');
    expect(production.log).toContain('Wave 1 of 2: 1 host(s)');
    expect(production.log).toMatch(/Bake after wave 1: passed/);
    expect(production.log).toContain('Wave 2 of 2: 1 host(s)');
    expect(production.log).not.toMatch(/Bake after wave 2/);
    expect(JSON.parse(production.outputs.deployed!)).toEqual([hosts[1]!.target, hosts[2]!.target]);
  });

  it('merges the rings into one result: every host deployed, nothing failed', async () => {
    expect(run.result('report'), run.log()).toBe('success');
    const merge = step('report', 'merge');
    expect(JSON.parse(merge.outputs.deployed!)).toEqual(hosts.map((h) => h.target));
    expect(JSON.parse(merge.outputs.failed!)).toEqual([]);
    expect(JSON.parse(merge.outputs.skipped!)).toEqual([]);
    for (const h of hosts) expect(await health(h)).toBe('3.0.0');
  });
});
