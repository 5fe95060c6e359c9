/**
 * The local Windows executor, run here on Linux for what it can do without cmd.exe: its files
 * (through the path mapping it is given) and loopback TCP; its commands run only on Windows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { LocalWindowsExecutor } from '../../src/hosts/local.js';
import { validateWindowsPath } from '../../src/windows/validate.js';
import { executorContract } from './contract.js';

const drive = mkdtempSync(join(tmpdir(), 'winship-local-c-'));
afterAll(() => rmSync(drive, { recursive: true, force: true }));

/** `C:\a\b` -> `<drive>/a/b`, standing in for drive C. */
const toLinuxPath = (win: string) =>
  join(drive, ...validateWindowsPath(win).slice(3).split('\\').filter(Boolean));

executorContract(
  'local (Linux: files and TCP)',
  () => ({ exec: new LocalWindowsExecutor(toLinuxPath), toLinuxPath, root: 'C:\\winship-test' }),
  { canRun: process.platform === 'win32' },
);
