/**
 * The release job of the local pipeline: two "Windows hosts", each a Wine prefix behind its own
 * loopback sshd in a network namespace of its own (so both services listen on 127.0.0.1:8080, as
 * on two machines), host keys pinned, the default tuning profile, a rolling deploy one host at a
 * time, then /healthz asked on each host.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeClientKey, startSshHost, type SshHost } from '../../lab/sshd.js';
import { ensureWinePrefix } from '../../lab/wine.js';
import { failure, onCleanup, run, type Job } from './main.js';

const SERVICE = 'hello-service';
const ROOT = 'C:\\ProgramData\\winship';

export interface Fleet {
  hosts: SshHost[];
  privateKey: string;
}

export async function startFleet(count: number): Promise<Fleet> {
  const key = makeClientKey(mkdtempSync(join(tmpdir(), 'winship-pipeline-key-')), 'deploy');
  const hosts: SshHost[] = [];
  for (let n = 1; n <= count; n++) {
    const prefix = await ensureWinePrefix(`pipeline-host${n}`);
    // A fresh machine every run: no service, no release, no tuning state from an earlier run.
    await prefix.shutdown();
    rmSync(prefix.toLinuxPath(ROOT), { recursive: true, force: true });
    const host = await startSshHost({
      prefix,
      authorizedKeys: [key.publicKey],
      name: `host${n}`,
      isolatedNetwork: true,
    });
    hosts.push(host);
    onCleanup(async () => {
      await host.onHost('wine', ['sc', 'stop', SERVICE]).catch(() => undefined);
      await host.stop();
      await prefix.shutdown();
    });
  }
  return { hosts, privateKey: key.privateKey };
}

/** What /healthz answers on a host, asked on that host (its own 127.0.0.1). */
export async function healthOn(host: SshHost): Promise<string> {
  const r = await host.onHost('curl', ['-s', '-m', '3', 'http://127.0.0.1:8080/healthz']);
  return r.code === 0 ? r.stdout.trim() : `(no answer: curl exit ${r.code})`;
}

export async function deployTo(
  job: Job,
  fleet: Fleet,
  artifact: string,
  version: string,
): Promise<{ ok: boolean; summary: string; note: string }> {
  const r = await run(
    job,
    'deploy-windows',
    {
      mode: 'ssh',
      hosts: fleet.hosts.map((h) => h.target).join('\n'),
      'ssh-private-key': fleet.privateKey,
      'host-fingerprints': fleet.hosts.map((h) => h.fingerprintLine).join('\n'),
      artifact,
      'service-name': SERVICE,
      description: 'hello-service, deployed by the winship local pipeline',
      arguments: [
        '-service',
        '-addr',
        '127.0.0.1:8080',
        '-log',
        `${ROOT}\\${SERVICE}\\service.log`,
      ].join('\n'),
      'log-file': `${ROOT}\\${SERVICE}\\service.log`,
      'health-url': 'http://127.0.0.1:8080/healthz',
      profile: 'default',
      // Wine has no powercfg and a stub netsh: those settings are shown as skipped.
      'tuning-unreadable': 'skip',
      'max-parallel': 1,
    },
    { env: { WINSHIP_SSH_WINE_HOSTS: '1' } },
  );
  const answers = await Promise.all(fleet.hosts.map(healthOn));
  const healthy = answers.every((a) => a.includes(`"version":"${version}"`));
  const lines = fleet.hosts
    .map((h, i) => `- ${h.target}: \`GET /healthz\` → \`${answers[i]}\``)
    .join('\n');
  return {
    ok: r.exitCode === 0 && healthy,
    summary: `${r.summary}\n\nAsked on each host after the deploy:\n\n${lines}\n`,
    note:
      r.exitCode === 0
        ? `deployed ${r.outputs.deployed}; /healthz answers ${healthy ? version : 'NOT ' + version} on every host`
        : failure(r),
  };
}
