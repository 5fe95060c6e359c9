import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  coffSectionNames,
  COFF_MACHINES,
  resourceObject,
  RT_VERSION,
} from '../../src/build/coff.js';
import { planBuild, resourceObjectName, sysoAppliesTo } from '../../src/build/plan.js';
import { readBuildConfig } from '../../src/build/config.js';
import { parseDistList } from '../../src/build/targets.js';
import { resolveVersion } from '../../src/build/version.js';
import { encodeVersionInfo } from '../../src/build/versioninfo.js';
import { runAction, type ActionResult } from '../../lab/runner.js';
import { CACHE, GOCACHE } from '../../lab/paths.js';
import { FIXED_EPOCH, git, gitRepo, tempDir, TINY_FILES } from './fixtures.js';
import { parseVersionInfo, readPe } from './pe.js';

const INFO = {
  fileVersion: [2, 5, 1, 0] as const,
  productVersion: [2, 5, 1, 0] as const,
  prerelease: false,
  strings: {
    CompanyName: 'Acme Ltd',
    FileDescription: 'Tiny tool — ünïcode',
    ProductVersion: '2.5.1',
    Empty: '',
  },
};

describe('VS_VERSIONINFO encoding', () => {
  it('reads back as the version, flags and strings given (empty strings left out)', () => {
    const data = encodeVersionInfo(INFO);
    expect(data.readUInt16LE(0)).toBe(data.length);
    const v = parseVersionInfo(data);
    expect(v).toEqual({
      fileVersion: '2.5.1.0',
      productVersion: '2.5.1.0',
      fileFlags: 0,
      fileOS: 0x40004,
      fileType: 1,
      strings: {
        '040904B0': {
          CompanyName: 'Acme Ltd',
          FileDescription: 'Tiny tool — ünïcode',
          ProductVersion: '2.5.1',
        },
      },
      translations: [{ lang: 0x409, codePage: 1200 }],
    });
    expect(parseVersionInfo(encodeVersionInfo({ ...INFO, prerelease: true })).fileFlags).toBe(2);
  });

  it('refuses version parts beyond 16 bits', () => {
    expect(() => encodeVersionInfo({ ...INFO, fileVersion: [70000, 0, 0, 0] })).toThrow(
      /not 0\.\.65535/,
    );
  });
});

describe('COFF resource objects', () => {
  it.each(Object.entries(COFF_MACHINES))('writes a .rsrc object for windows/%s', (goarch, m) => {
    const obj = resourceObject(goarch, [
      { type: RT_VERSION, name: 1, lang: 0x409, data: encodeVersionInfo(INFO) },
    ]);
    expect(obj.readUInt16LE(0)).toBe(m.machine);
    expect(coffSectionNames(obj)).toEqual(['.rsrc']);
    // One relocation, of the machine's "32-bit RVA" type, against symbol 0 (.rsrc).
    const relocAt = obj.readUInt32LE(20 + 24);
    expect(obj.readUInt16LE(20 + 32)).toBe(1);
    expect(obj.readUInt16LE(relocAt + 8)).toBe(m.addr32nb);
  });

  it('reads as a relocatable .rsrc section to binutils (386 and amd64)', () => {
    const dir = tempDir();
    for (const [goarch, type] of [
      ['amd64', 'IMAGE_REL_AMD64_ADDR32NB'],
      ['386', 'rva32'],
    ] as const) {
      const file = join(dir, `${goarch}.syso`);
      execFileSync('sh', ['-c', 'cat > "$1"', 'sh', file], {
        input: resourceObject(goarch, [
          { type: RT_VERSION, name: 1, lang: 0x409, data: encodeVersionInfo(INFO) },
        ]),
      });
      const dump = execFileSync('objdump', ['-h', '-r', file], { encoding: 'utf8' });
      expect(dump).toContain(goarch === 'amd64' ? 'file format pe-x86-64' : 'file format pe-i386');
      expect(dump).toMatch(/\.rsrc\s+[0-9a-f]+/);
      expect(dump).toMatch(new RegExp(`0*48 ${type}\\s+\\.rsrc`));
    }
  });

  it('refuses an architecture Windows objects do not exist for', () => {
    expect(() =>
      resourceObject('riscv64', [{ type: 16, name: 1, lang: 0x409, data: Buffer.alloc(4) }]),
    ).toThrow(/no COFF machine type/);
  });
});

describe('planning VERSIONINFO', () => {
  const ports = parseDistList(
    execFileSync('go', ['tool', 'dist', 'list', '-json'], { encoding: 'utf8' }),
  );
  const version = resolveVersion({
    commit: 'a'.repeat(40),
    commitTime: FIXED_EPOCH,
    commitCount: 3,
  });
  const config = (inputs: Record<string, string> = {}) =>
    readBuildConfig((n) => inputs[n] ?? '', '/ws');
  const targets = [
    { goos: 'windows', goarch: 'amd64' },
    { goos: 'windows', goarch: '386' },
    { goos: 'linux', goarch: 'amd64' },
  ];
  const facts = (existingSyso: { file: string; data: Buffer }[] = []) => ({
    ports,
    modulePath: 'example.com/x/app/v2',
    packageDir: '/ws/cmd/app',
    version,
    cpus: 2,
    existingSyso,
  });

  it('writes one object per Windows architecture into the main package, named for that target only', () => {
    const plan = planBuild(config(), facts(), targets);
    expect(plan.name).toBe('app');
    expect(plan.resourceObjects.map((r) => r.path)).toEqual([
      '/ws/cmd/app/zz_winship_versioninfo_windows_386.syso',
      '/ws/cmd/app/zz_winship_versioninfo_windows_amd64.syso',
    ]);
    expect(plan.targets.map((t) => t.versionInfo)).toEqual([true, true, false]);
    const gooses = new Set(ports.map((p) => p.goos));
    const goarches = new Set(ports.map((p) => p.goarch));
    expect(
      sysoAppliesTo(
        resourceObjectName('amd64'),
        { goos: 'windows', goarch: 'amd64' },
        gooses,
        goarches,
      ),
    ).toBe(true);
    expect(
      sysoAppliesTo(
        resourceObjectName('amd64'),
        { goos: 'windows', goarch: '386' },
        gooses,
        goarches,
      ),
    ).toBe(false);
    expect(
      sysoAppliesTo(
        resourceObjectName('amd64'),
        { goos: 'linux', goarch: 'amd64' },
        gooses,
        goarches,
      ),
    ).toBe(false);
  });

  it('adds nothing with windows-version-info: false', () => {
    const plan = planBuild(config({ 'windows-version-info': 'false' }), facts(), targets);
    expect(plan.resourceObjects).toEqual([]);
    expect(plan.targets.every((t) => !t.versionInfo)).toBe(true);
  });

  it('skips, with a warning, a target whose package already links another .rsrc (Go links only one)', () => {
    const theirs = resourceObject('amd64', [
      { type: 24, name: 1, lang: 0x409, data: Buffer.from('<manifest/>') },
    ]);
    const plan = planBuild(
      config(),
      facts([{ file: 'rsrc_windows_amd64.syso', data: theirs }]),
      targets,
    );
    expect(plan.targets.map((t) => t.versionInfo)).toEqual([false, true, false]);
    expect(plan.warnings).toEqual([
      'windows/amd64: no VERSIONINFO resource, because rsrc_windows_amd64.syso already has resources (Go links one .rsrc only); remove it or set windows-version-info: false',
    ]);
  });
});

// The real thing: `go build` links the generated objects into Windows executables; the produced PE
// files are read three ways: our PE reader, binutils, and Wine's version.dll (what Windows calls).
describe('Windows executables built by the action', () => {
  const ARCHES = ['386', 'amd64', 'arm64'];
  let repo: string;
  let result: ActionResult;
  let exes: Record<string, Buffer>;

  beforeAll(async () => {
    repo = gitRepo({ files: TINY_FILES });
    git(repo, ['tag', 'v2.5.1']);
    result = await runAction('build', {
      workspace: repo,
      env: { GITHUB_REF: 'refs/tags/v2.5.1', GITHUB_REF_NAME: 'v2.5.1', GITHUB_REF_TYPE: 'tag' },
      inputs: {
        targets: ARCHES.map((a) => `windows/${a}`).join(','),
        archive: 'none',
        upload: false,
        'product-name': 'Tiny Tool',
        'company-name': 'Acme Ltd',
        'file-description': 'Prints its version',
        copyright: '© 2024 Acme Ltd',
      },
    });
    exes = {};
    for (const a of ARCHES)
      exes[a] = readFileSync(join(repo, 'dist', `tiny_2.5.1_windows_${a}.exe`));
  }, 600_000);

  afterAll(() => {
    execFileSync('wineserver', ['-k'], {
      env: { ...process.env, WINEPREFIX: WINE_PREFIX },
      stdio: 'ignore',
    });
  });

  it('builds and removes the generated objects from the package afterwards', () => {
    expect(result.exitCode, result.stdout).toBe(0);
    expect(readdirSync(repo).filter((f) => f.endsWith('.syso'))).toEqual([]);
    expect(git(repo, ['status', '--porcelain'])).toBe('?? dist/');
  });

  it.each(ARCHES)('windows/%s carries the VERSIONINFO in its resource directory', (arch) => {
    const pe = readPe(exes[arch]!);
    expect(pe.machine).toBe(COFF_MACHINES[arch]!.machine);
    const versions = pe.resources.filter((r) => r.type === RT_VERSION);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ name: 1, lang: 0x409 });
    const v = parseVersionInfo(versions[0]!.data);
    expect(v.fileVersion).toBe('2.5.1.0');
    expect(v.productVersion).toBe('2.5.1.0');
    expect(v.fileFlags).toBe(0);
    const commit = git(repo, ['rev-parse', 'HEAD']);
    expect(v.strings['040904B0']).toEqual({
      CompanyName: 'Acme Ltd',
      FileDescription: 'Prints its version',
      FileVersion: '2.5.1',
      InternalName: 'tiny',
      LegalCopyright: '© 2024 Acme Ltd',
      OriginalFilename: 'tiny.exe',
      ProductName: 'Tiny Tool',
      ProductVersion: '2.5.1',
      Comments: `commit ${commit}`,
    });
  });

  it.each(['386', 'amd64'])('windows/%s shows the resource to binutils objdump', (arch) => {
    const dump = execFileSync(
      'objdump',
      ['-p', join(repo, 'dist', `tiny_2.5.1_windows_${arch}.exe`)],
      { encoding: 'utf8' },
    );
    expect(dump).toMatch(/Resource Directory \[\.rsrc\]/);
    expect(dump).toMatch(/Entry: ID: 0x000010, Value: 0x8/);
    expect(dump).toMatch(/Entry: ID: 0x000409, Value: /);
  });

  it.each(ARCHES)(
    "windows/%s reads through Wine's version.dll as Windows would show it",
    (arch) => {
      const out = verQuery(join(repo, 'dist', `tiny_2.5.1_windows_${arch}.exe`), [
        'FileVersion',
        'ProductVersion',
        'ProductName',
        'CompanyName',
        'FileDescription',
        'LegalCopyright',
      ]);
      expect(out).toEqual([
        'FixedFileVersion=2.5.1.0',
        'FixedProductVersion=2.5.1.0',
        'FileFlags=0',
        'FileVersion=2.5.1',
        'ProductVersion=2.5.1',
        'ProductName=Tiny Tool',
        'CompanyName=Acme Ltd',
        'FileDescription=Prints its version',
        'LegalCopyright=© 2024 Acme Ltd',
      ]);
    },
  );

  it('links nothing into the executable with windows-version-info: false', async () => {
    const r = await runAction('build', {
      workspace: repo,
      inputs: {
        targets: 'windows/amd64',
        archive: 'none',
        upload: false,
        'windows-version-info': false,
        'output-directory': 'plain',
      },
    });
    expect(r.exitCode, r.stdout).toBe(0);
    const exe = readdirSync(join(repo, 'plain')).find((f) => f.endsWith('.exe'))!;
    expect(readPe(readFileSync(join(repo, 'plain', exe))).resources).toEqual([]);
  });
});

const WINE_PREFIX = join(CACHE, 'wine-build-verquery');
let verQueryExe: string | undefined;

/** Runs fixtures/verquery (GetFileVersionInfoW + VerQueryValueW) under Wine on `file`. */
function verQuery(file: string, keys: string[]): string[] {
  if (!verQueryExe) {
    verQueryExe = join(tempDir(), 'verquery.exe');
    execFileSync('go', ['build', '-o', verQueryExe, '.'], {
      cwd: join(__dirname, 'fixtures', 'verquery'),
      env: {
        ...process.env,
        GOOS: 'windows',
        GOARCH: 'amd64',
        CGO_ENABLED: '0',
        GOCACHE,
        GOFLAGS: '-mod=mod',
      },
    });
  }
  const out = execFileSync('wine', [verQueryExe, `Z:${file.replace(/\//g, '\\')}`, ...keys], {
    env: { ...process.env, WINEPREFIX: WINE_PREFIX, WINEDEBUG: '-all' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return out.split(/\r?\n/).filter((l) => l !== '');
}
