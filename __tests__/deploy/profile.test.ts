import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/deploy/profile.js';
import { UserError } from '../../src/runner/errors.js';

const workspace = mkdtempSync(join(tmpdir(), 'winship-tuning-'));
mkdirSync(join(workspace, 'ops'));
writeFileSync(
  join(workspace, 'ops', 'tuning.yml'),
  'extends: default\npower-plan: SCHEME_BALANCED\n',
);
writeFileSync(
  join(workspace, 'ops', 'bad.yml'),
  'power-plan: SCHEME_MIN\nregistry:\n  - key: HKLM\\SOFTWARE\\X\n    name: v\n    type: REG_DWORD\n    data: many\n',
);
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe('loadProfile', () => {
  it("gives the built-in profile for 'default' and no tuning for 'none'", async () => {
    expect((await loadProfile('default', workspace))?.name).toBe('default');
    expect(await loadProfile(' none ', workspace)).toBeNull();
  });

  it('reads a profile file from the repository', async () => {
    const p = await loadProfile('ops/tuning.yml', workspace);
    expect(p?.name).toBe('ops/tuning.yml');
    expect(p?.settings).toHaveLength(5);
  });

  it('names the file and line of a mistake, relative to the repository', async () => {
    const err = await loadProfile(join(workspace, 'ops', 'bad.yml'), workspace).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(
      /^ops\/bad\.yml:6: .*REG_DWORD data must be a whole number/,
    );
    expect((err as UserError).line).toBe(6);
  });

  it('refuses missing files, paths outside the repository and an empty spec', async () => {
    await expect(loadProfile('ops/missing.yml', workspace)).rejects.toThrow(
      /'ops\/missing\.yml' not found in the repository: use 'default', 'none'/,
    );
    await expect(loadProfile('ops', workspace)).rejects.toThrow(/not found/);
    await expect(loadProfile('../etc/passwd', workspace)).rejects.toThrow(/outside the repository/);
    await expect(loadProfile('/etc/passwd', workspace)).rejects.toThrow(/outside the repository/);
    await expect(loadProfile('', workspace)).rejects.toThrow(/empty: use 'default', 'none'/);
  });
});
