/**
 * The `secure folders` step over the scripted fake host (fake-acls.ts answers Get-Acl and
 * icacls): the root and the service folder are created locked before anything is put in them,
 * a folder someone else made first is refused before any change, and a host that cannot set ACLs
 * (the Wine stand-ins) says so in the step list instead of pretending.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { deployToHost, type HostDeployRequest } from '../../src/engine/index.js';
import { RecordingIO } from '../../src/runner/io.js';
import { virtualAccountSid } from '../../src/windows/acl.js';
import { USER_MADE, folderAcls } from './fake-acls.js';
import { FakeExecutor, FakeWindows, fakeExe } from './fake-executor.js';

const NAME = 'hello-service';
const ROOT = 'C:\\ProgramData\\winship';
const work = mkdtempSync(join(tmpdir(), 'winship-secure-folders-'));
const hosts: FakeWindows[] = [];
afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  for (const h of hosts) await h.close();
});

function newHost(): FakeWindows {
  const h = new FakeWindows();
  hosts.push(h);
  return h;
}

/** A service-health deploy of a fake binary: the step under test comes before all else. */
function request(version: string, over: Partial<HostDeployRequest> = {}): HostDeployRequest {
  const localFile = join(work, `${version}.exe`);
  writeFileSync(localFile, fakeExe(version));
  const sha256 = createHash('sha256').update(fakeExe(version)).digest('hex');
  return {
    service: {
      ...{ name: NAME, startType: 'auto', account: 'LocalSystem', args: [] },
      ...{ environment: {}, dependencies: [], stopTimeoutSeconds: 1 },
    },
    release: { version, localFile, sha256, binaryName: NAME },
    root: ROOT,
    profile: null,
    health: { kind: 'service', timeoutSeconds: 2, intervalSeconds: 0, retries: 1 },
    keepReleases: 3,
    lock: { staleAfterSeconds: 3600, breakStale: false },
    dryRun: false,
    ...over,
  };
}

const SVC = `${ROOT}\\${NAME}`;
const LOCKED_ROOT = 'O:BAG:SYD:PAI(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)';

describe('secure folders', () => {
  test('a first install creates and locks the root, then the service folder, before the lock and the upload', async () => {
    const host = newHost();
    const exec = new FakeExecutor(host);
    const req = request('1.0.0');
    req.service.account = 'NT SERVICE\\hello-service';
    const r = await deployToHost(exec, req, new RecordingIO());
    expect(r.outcome, r.error).toBe('deployed');
    const cmds = exec.commands().filter((c) => !c.startsWith('powershell.exe'));
    expect(cmds.slice(0, 6)).toEqual([
      `cmd.exe /c mkdir ${ROOT}`,
      `icacls.exe ${ROOT} /setowner *S-1-5-32-544`,
      `icacls.exe ${ROOT} /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)(F) *S-1-5-18:(OI)(CI)(F)`,
      `cmd.exe /c mkdir ${SVC}`,
      `icacls.exe ${SVC} /setowner *S-1-5-32-544`,
      `icacls.exe ${SVC} /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)(F) *S-1-5-18:(OI)(CI)(F) *${virtualAccountSid('hello-service')}:(OI)(CI)(RX)`,
    ]);
    // Each folder is read before and after it is locked.
    expect(exec.commands().filter((c) => c.startsWith('powershell.exe'))).toHaveLength(4);
    expect(folderAcls(host).get(SVC.toLowerCase())).toBe(
      `O:BAD:PAI(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)(A;OICI;0x1200a9;;;${virtualAccountSid('hello-service')})`,
    );
  });

  test('the next deploy finds both folders locked and changes nothing about them', async () => {
    const host = newHost();
    await deployToHost(new FakeExecutor(host), request('1.0.0'), new RecordingIO());
    const exec = new FakeExecutor(host);
    const r = await deployToHost(exec, request('2.0.0'), new RecordingIO());
    expect(r.outcome, r.error).toBe('deployed');
    expect(r.steps[1]).toEqual({ name: 'secure folders', status: 'done' });
    expect(exec.commands().filter((c) => /icacls|mkdir C:\\ProgramData\\winship$/.test(c))).toEqual(
      [],
    );
  });

  test('a root that a local user created first is refused before any change, naming the fix', async () => {
    const host = newHost();
    host.mkdirs(ROOT);
    folderAcls(host).set(ROOT.toLowerCase(), USER_MADE);
    const exec = new FakeExecutor(host);
    const r = await deployToHost(exec, request('1.0.0'), new RecordingIO());
    expect(r.outcome).toBe('failed');
    expect(r.error).toContain(`The folder ${ROOT} exists but is not locked down`);
    expect(r.error).toContain('its owner is S-1-5-21-1-2-3-1001, not Administrators');
    expect(r.error).toContain('it inherits entries from its parent folder');
    expect(r.error).toContain('delete it');
    expect(exec.changes()).toEqual([]);
    expect(r.steps.map((s) => `${s.name}: ${s.status}`)).toEqual([
      'validate: done',
      'secure folders: failed',
    ]);
    expect(host.service(NAME)).toBeUndefined();
  });

  test('a service folder with one extra entry is refused, though the root is fine', async () => {
    const host = newHost();
    host.mkdirs(SVC);
    folderAcls(host).set(ROOT.toLowerCase(), LOCKED_ROOT);
    folderAcls(host).set(SVC.toLowerCase(), `${LOCKED_ROOT}(A;OICI;FA;;;BU)`);
    const exec = new FakeExecutor(host);
    const r = await deployToHost(exec, request('1.0.0'), new RecordingIO());
    expect(r.outcome).toBe('failed');
    expect(r.error).toContain(`The folder ${SVC} exists`);
    expect(r.error).toContain('it has an entry granting Users (S-1-5-32-545) 0x1f01ff');
    expect(exec.changes()).toEqual([]);
  });

  test('a host that should enforce ACLs but prints nothing for Get-Acl fails, it does not skip', async () => {
    const host = newHost();
    const exec = new FakeExecutor(host).on(/^powershell\.exe /, {
      exitCode: 0,
      stdout: '',
      stderr: '',
    });
    const r = await deployToHost(exec, request('1.0.0'), new RecordingIO());
    expect(r.outcome).toBe('failed');
    expect(r.error).toMatch(/Could not read the owner and ACL of C:\\ProgramData\\winship/);
    expect(exec.changes()).toEqual([]);
  });

  test('a lock that does not take is an error, not a folder left open', async () => {
    const host = newHost();
    const exec = new FakeExecutor(host).on(/\/inheritance:r/, {
      exitCode: 5,
      stdout: '',
      stderr: `${ROOT}: Access is denied.\r\nSuccessfully processed 0 files; Failed processing 1 files`,
    });
    const r = await deployToHost(exec, request('1.0.0'), new RecordingIO());
    expect(r.outcome).toBe('failed');
    expect(r.error).toContain(`lock ${ROOT}`);
    expect(host.service(NAME)).toBeUndefined();
  });

  test('a Wine stand-in (no icacls, a PowerShell stub) reports the step skipped and why', async () => {
    const host = newHost();
    const exec = new FakeExecutor(host);
    Object.defineProperty(exec, 'capabilities', { value: { hashFile: true, acls: false } });
    const r = await deployToHost(exec, request('1.0.0'), new RecordingIO());
    expect(r.outcome, r.error).toBe('deployed');
    expect(r.steps[1]).toEqual({
      name: 'secure folders',
      status: 'skipped',
      note: 'this host cannot set or read ACLs (a Wine stand-in): the install folders are not locked down',
    });
    expect(exec.commands().some((c) => /powershell|icacls/.test(c))).toBe(false);
  });

  test('a dry run reads nothing and creates nothing', async () => {
    const host = newHost();
    const exec = new FakeExecutor(host);
    const r = await deployToHost(exec, request('1.0.0', { dryRun: true }), new RecordingIO());
    expect(r.steps[1]).toEqual({
      name: 'secure folders',
      status: 'skipped',
      note: 'dry run: folders are not created or locked',
    });
    expect(exec.changes()).toEqual([]);
  });
});
