/**
 * actions/rollout, the composite for release jobs: its action.yml is generated from
 * deploy-windows' (a drift test), and its steps expanded by the harness: the download-artifact
 * step gets exactly the name and path the runner would pass (a stand-in copies a release folder
 * there, as the real action does), then the deploy bundle runs under the machine's own `node` (a
 * composite has no node24 of its own) against a real sshd + Wine host, as a dry run.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rolloutActionYaml } from '../../scripts/rollout-action.js';
import { releaseFolder } from '../../lab/release-folder.js';
import { runComposite, type CompositeResult } from '../../lab/composite.js';
import { REPO } from '../../lab/paths.js';
import { makeClientKey, startSshHost, type SshHost } from '../../lab/sshd.js';
import { ensureWinePrefix, type WinePrefix } from '../../lab/wine.js';

describe('actions/rollout action.yml', () => {
  it('is generated from actions/deploy-windows (run `npm run generate` when this fails)', () => {
    expect(readFileSync(join(REPO, 'actions', 'rollout', 'action.yml'), 'utf8')).toBe(
      rolloutActionYaml(),
    );
  });
});

describe('actions/rollout expanded', () => {
  let host: SshHost;
  let prefix: WinePrefix;
  let release: string;
  let run: CompositeResult;
  let secret: string;

  beforeAll(async () => {
    release = await releaseFolder('1.0.0');
    const key = makeClientKey(mkdtempSync(join(tmpdir(), 'winship-rollout-key-')), 'deploy');
    secret = key.privateKey;
    prefix = await ensureWinePrefix('rollout-h1');
    await prefix.shutdown();
    rmSync(prefix.toLinuxPath('C:\\ProgramData\\winship'), { recursive: true, force: true });
    host = await startSshHost({
      prefix,
      authorizedKeys: [key.publicKey],
      name: 'rollout',
      isolatedNetwork: true,
    });
    run = await runComposite('rollout', {
      inputs: {
        'artifact-pattern': 'hello-service_1.0.0_*',
        hosts: host.target,
        'ssh-private-key': key.privateKey,
        'host-fingerprints': host.fingerprintLine,
        'service-name': 'hello-service',
        arguments: '-service\n-addr\n127.0.0.1:8080',
        'health-url': 'http://127.0.0.1:8080/healthz',
        'dry-run': 'true',
      },
      uses: {
        'actions/download-artifact@v8': ({ path }) => cpSync(release, path!, { recursive: true }),
      },
      env: { WINSHIP_SSH_WINE_HOSTS: '1' },
    });
  }, 600_000);

  afterAll(async () => {
    await host?.stop();
    await prefix?.shutdown();
  });

  it("downloads the build's artifacts, merged, into one folder under RUNNER_TEMP", () => {
    // Unzipped (the manifest artifact), then as uploaded (the Windows zip stays a zip); the real
    // downloads run in __tests__/workflows/release-rollout.test.ts.
    const path = expect.stringMatching(/\/temp\/winship-rollout$/);
    const base = { pattern: 'hello-service_1.0.0_*', path, 'merge-multiple': 'true' };
    expect(run.uses).toEqual([
      { uses: 'actions/download-artifact@v8', with: base },
      { uses: 'actions/download-artifact@v8', with: { ...base, 'skip-decompress': 'true' } },
    ]);
  });

  it('runs the deploy bundle with the inputs passed through and exposes its outputs', () => {
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.summary).toContain('Deploy plan (dry run)');
    expect(run.summary).toContain(`| ${host.target} | planned (dry run) |`);
    expect(JSON.parse(run.outputs.deployed!)).toEqual([]);
    expect(JSON.parse(run.outputs.failed!)).toEqual([]);
  });

  it('changes nothing on the host in a dry run', () => {
    expect(existsSync(prefix.toLinuxPath('C:\\ProgramData\\winship'))).toBe(false);
  });

  it('masks the key and prints it nowhere else (the runner swallows ::add-mask:: lines)', () => {
    const keyLine = secret.split('\n')[1]!;
    const lines = run.stdout.split('\n');
    expect(lines.some((l) => l.startsWith('::add-mask::') && l.includes(keyLine))).toBe(true);
    expect(lines.filter((l) => !l.startsWith('::add-mask::')).join('\n')).not.toContain(keyLine);
    expect(run.summary).not.toContain(keyLine);
  });
});
