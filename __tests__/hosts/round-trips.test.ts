/**
 * What a deploy costs on the wire to one SSH host, counted by the SSH executor: channels
 * (commands, tunnels, the SFTP session), SFTP calls and bytes, for a first install, an upgrade
 * and an unchanged re-run of the engine against a real sshd + Wine host (isolated loopback, so
 * the service listens on its own 127.0.0.1:8080). The ceilings are half of what each took before
 * the cut of issue 16 (BEFORE, measured here with the same test), so they cannot creep back: a
 * command was its .cmd upload, its channel, the read of its exit code file and the removal of two
 * files; it is now the upload and the channel, with the exit code on stderr and each command file
 * removed by the next one; the read-only queries of a step and the file commands of a swap go
 * as one command file; a folder that exists is proven by one stat; the release already on the
 * host is looked for only when the state file records it.
 *
 * `sc query` polls while a service starts or stops depend on how fast it does, not on the deploy:
 * the ones beyond the first of each wait are not counted against the ceilings.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureWinePrefix, type WinePrefix } from '../../lab/wine.js';
import { makeClientKey, startSshHost, type ClientKey, type SshHost } from '../../lab/sshd.js';
import { NAME, releaseFolder } from '../../lab/release-folder.js';
import { deployToHost, type HostDeployRequest } from '../../src/engine/index.js';
import {
  SshExecutor,
  formatRoundTrips,
  roundTripTotal,
  type RoundTrips,
} from '../../src/hosts/ssh.js';
import { WINE_SSH_HOST } from '../../src/hosts/lab.js';
import { parseFingerprints } from '../../src/hosts/host-keys.js';
import { RecordingIO } from '../../src/runner/io.js';

const ROOT = 'C:\\ProgramData\\winship';

/** Round trips (channels + SFTP calls) before the cut, first install / upgrade / unchanged. */
const BEFORE = { firstInstall: 94, upgrade: 93, unchanged: 36 };

let prefix: WinePrefix;
let host: SshHost;
let key: ClientKey;
let keyDir: string;
const releases: string[] = [];

function request(dir: string, version: string): HostDeployRequest {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    targets: { file: string; sha256: string }[];
  };
  const t = manifest.targets[0]!;
  return {
    service: {
      name: NAME,
      startType: 'auto',
      account: 'LocalSystem',
      args: ['-service', '-addr', '127.0.0.1:8080'],
      environment: {},
      dependencies: [],
      stopTimeoutSeconds: 20,
    },
    release: { version, localFile: join(dir, t.file), sha256: t.sha256, binaryName: NAME },
    root: ROOT,
    profile: null,
    health: {
      kind: 'http',
      url: 'http://127.0.0.1:8080/healthz',
      timeoutSeconds: 3,
      intervalSeconds: 0.25,
      retries: 40,
      expectVersion: version,
    },
    keepReleases: 3,
    lock: { staleAfterSeconds: 3600, breakStale: false },
    dryRun: false,
  };
}

/** One deploy over a fresh SSH executor, as the action makes one per host; its round trips. */
async function deploy(
  req: HostDeployRequest,
): Promise<{ outcome: string; trips: RoundTrips; extraPolls: number }> {
  const exec = new SshExecutor(
    { user: host.user, host: host.host, port: host.port },
    {
      privateKey: key.privateKey,
      hostKeys: { pins: parseFingerprints(host.fingerprintLine) },
      ...WINE_SSH_HOST,
      scratchDir: `${ROOT}\\_cmd`,
      timeoutMs: 60_000,
    },
  );
  try {
    await exec.connect();
    // What ran, for the log of this test: a command is a channel and a file upload.
    const ran: string[] = [];
    const watched = new Proxy(exec, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          if (prop !== 'close')
            ran.push(
              `${String(prop)} ${prop === 'run' ? (args[0] as string[]).slice(0, 3).join(' ') : String(args.at(-2) ?? args[0]).slice(0, 60)}`,
            );
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const r = await deployToHost(watched, req, new RecordingIO());
    console.log(`${req.release.version}: ${r.outcome}\n  ${ran.join('\n  ')}`);
    // A wait polls `sc query` after `sc start` / `sc stop`; a second poll onwards is the service's time.
    let extraPolls = 0;
    ran.forEach((line, i) => {
      if (line.startsWith('run sc.exe query') && ran[i - 1]?.startsWith('run sc.exe query'))
        extraPolls++;
    });
    // Counted once closed: the removal of the last command file is part of the deploy's cost.
    await exec.close();
    return { outcome: r.outcome, trips: exec.roundTrips(), extraPolls };
  } finally {
    await exec.close();
  }
}

const results: Record<string, RoundTrips> = {};

beforeAll(async () => {
  keyDir = mkdtempSync(join(tmpdir(), 'winship-trips-keys-'));
  key = makeClientKey(keyDir);
  releases.push(await releaseFolder('1.0.0'), await releaseFolder('2.0.0'));
  prefix = await ensureWinePrefix('round-trips');
  await prefix.shutdown();
  rmSync(prefix.toLinuxPath(ROOT), { recursive: true, force: true });
  host = await startSshHost({
    prefix,
    authorizedKeys: [key.publicKey],
    name: 'trips',
    isolatedNetwork: true,
  });
}, 600_000);

afterAll(async () => {
  for (const [k, v] of Object.entries(results)) console.log(`${k}: ${formatRoundTrips(v)}`);
  await host?.stop();
  await prefix?.shutdown();
  rmSync(prefix.toLinuxPath(ROOT), { recursive: true, force: true });
  for (const d of [...releases, keyDir]) rmSync(d, { recursive: true, force: true });
});

/** Round trips counted against the ceiling: a command (poll) is a channel and an upload. */
const counted = (r: { trips: RoundTrips; extraPolls: number }) =>
  roundTripTotal(r.trips) - 2 * r.extraPolls;

describe('round trips of one deploy to an SSH host, at most half of before', () => {
  test('first install', async () => {
    const r = await deploy(request(releases[0]!, '1.0.0'));
    expect(r.outcome).toBe('deployed');
    results['first install'] = r.trips;
    expect(counted(r)).toBeLessThanOrEqual(Math.floor(BEFORE.firstInstall / 2));
  }, 300_000);

  test('upgrade', async () => {
    const r = await deploy(request(releases[1]!, '2.0.0'));
    expect(r.outcome).toBe('deployed');
    results.upgrade = r.trips;
    expect(counted(r)).toBeLessThanOrEqual(Math.floor(BEFORE.upgrade / 2));
    expect(r.trips.commands - r.extraPolls).toBeLessThanOrEqual(9);
  }, 300_000);

  test('unchanged re-run', async () => {
    const r = await deploy(request(releases[1]!, '2.0.0'));
    expect(r.outcome).toBe('unchanged');
    results.unchanged = r.trips;
    expect(counted(r)).toBeLessThanOrEqual(Math.floor(BEFORE.unchanged / 2));
    // Nothing is uploaded for a release already there: what goes out is commands and small files.
    expect(r.trips.bytesSent).toBeLessThan(64 * 1024);
  }, 300_000);
});
