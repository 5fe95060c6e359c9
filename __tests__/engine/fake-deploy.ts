/**
 * Requests and release files for engine tests over the fake host (fake-executor.ts): a release is
 * a fake binary written to a temporary file on the runner; hosts and files are cleaned up after
 * each test.
 */
import { afterEach } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostDeployRequest } from '../../src/engine/index.js';
import { FakeWindows, fakeExe, type FakeBinary } from './fake-executor.js';

export const NAME = 'hello-service';
export const ROOT = 'C:\\ProgramData\\winship';
export const LOG = `${ROOT}\\${NAME}.log`;

const dirs: string[] = [];
const hosts: FakeWindows[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  for (const h of hosts.splice(0)) await h.close();
});

/** A release file on the runner holding a fake binary. */
export function release(
  version: string,
  opts: Partial<Omit<FakeBinary, 'version'>> = {},
): HostDeployRequest['release'] {
  const dir = mkdtempSync(join(tmpdir(), 'winship-fake-release-'));
  dirs.push(dir);
  const file = join(dir, 'hello-service.exe');
  const data = fakeExe(version, opts);
  writeFileSync(file, data);
  return {
    version,
    localFile: file,
    sha256: createHash('sha256').update(data).digest('hex'),
    binaryName: NAME,
  };
}

export function request(
  rel: HostDeployRequest['release'],
  overrides: Partial<HostDeployRequest> = {},
): HostDeployRequest {
  return {
    service: {
      name: NAME,
      startType: 'auto',
      account: 'LocalSystem',
      args: ['-service'],
      environment: {},
      dependencies: [],
      stopTimeoutSeconds: 1,
      logFile: LOG,
    },
    release: rel,
    root: ROOT,
    profile: null,
    health: {
      kind: 'http',
      url: 'http://127.0.0.1:8080/healthz',
      timeoutSeconds: 2,
      intervalSeconds: 0,
      retries: 3,
      expectVersion: rel.version,
    },
    keepReleases: 3,
    lock: { staleAfterSeconds: 3600, breakStale: false },
    dryRun: false,
    ...overrides,
  };
}

export function newHost(): FakeWindows {
  const h = new FakeWindows();
  h.logFile = LOG;
  hosts.push(h);
  return h;
}
