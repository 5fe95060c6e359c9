import { describe, expect, it } from 'vitest';
import { readBuildConfig, splitFlags } from '../../src/build/config.js';
import { renderTemplate } from '../../src/build/template.js';
import { InputError } from '../../src/runner/errors.js';

const WS = '/work/ws';
const read = (inputs: Record<string, string> = {}) =>
  readBuildConfig((name) => inputs[name] ?? '', WS);

function inputError(inputs: Record<string, string>): InputError {
  try {
    read(inputs);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('readBuildConfig', () => {
  it('fills the defaults the action documents', () => {
    const c = read({ targets: 'first-class' });
    expect(c).toMatchObject({
      mode: 'build',
      workingDirectory: WS,
      workspace: WS,
      targets: ['first-class'],
      exclude: [],
      package: '.',
      binaryName: undefined,
      flags: [],
      tags: [],
      env: {},
      cgo: false,
      parallel: undefined,
      archive: 'auto',
      archiveFiles: [],
      outputDirectory: `${WS}/dist`,
      upload: true,
      artifactName: undefined,
      retentionDays: undefined,
      compressionLevel: 6,
      mergeFrom: undefined,
      versionInfo: {
        enabled: true,
        productName: '',
        companyName: '',
        fileDescription: '',
        copyright: '',
      },
    });
    expect(c.ldflags.source).toBe(
      '-s -w -X main.version={{version}} -X main.commit={{commit}} -X main.date={{date}}',
    );
  });

  it('reads every input', () => {
    const c = read({
      mode: 'plan',
      targets: 'linux/amd64, windows/amd64\nwindows/arm64',
      exclude: 'windows/arm64',
      package: './cmd/server',
      'working-directory': 'svc',
      'binary-name': 'server',
      ldflags: '-X main.v={{version}}-{{goos}}',
      flags: '-a -gcflags="all=-N -l"',
      tags: 'netgo, osusergo',
      env: 'GOAMD64=v3\nGOFLAGS=-mod=mod',
      cgo: 'true',
      parallel: '3',
      archive: 'zip',
      'archive-files': 'README.md, docs/LICENSE',
      'output-directory': 'out',
      upload: 'false',
      'artifact-name': '{{name}}-{{goos}}-{{goarch}}',
      'retention-days': '5',
      'compression-level': '0',
      'windows-version-info': 'false',
      'product-name': 'Server',
      'company-name': 'Acme',
      'file-description': 'The server',
      copyright: '(c) Acme',
    });
    expect(c).toMatchObject({
      mode: 'plan',
      workingDirectory: `${WS}/svc`,
      targets: ['linux/amd64', 'windows/amd64', 'windows/arm64'],
      exclude: ['windows/arm64'],
      package: './cmd/server',
      binaryName: 'server',
      flags: ['-a', '-gcflags=all=-N -l'],
      tags: ['netgo', 'osusergo'],
      env: { GOAMD64: 'v3', GOFLAGS: '-mod=mod' },
      cgo: true,
      parallel: 3,
      archive: 'zip',
      archiveFiles: ['README.md', 'docs/LICENSE'],
      outputDirectory: `${WS}/svc/out`,
      upload: false,
      retentionDays: 5,
      compressionLevel: 0,
      versionInfo: {
        enabled: false,
        productName: 'Server',
        companyName: 'Acme',
        fileDescription: 'The server',
        copyright: '(c) Acme',
      },
    });
    expect(
      renderTemplate(c.artifactName!, {
        name: 'server',
        version: '1',
        goos: 'linux',
        goarch: 'arm',
      }),
    ).toBe('server-linux-arm');
  });

  it('reads merge mode with its folder', () => {
    expect(read({ mode: 'merge', 'merge-from': 'artifacts' }).mergeFrom).toBe(`${WS}/artifacts`);
    expect(inputError({ mode: 'merge' }).message).toMatch(
      /^Input 'merge-from': is required with mode: merge/,
    );
    expect(inputError({ 'merge-from': 'x' }).message).toBe(
      "Input 'merge-from': is only used with mode: merge (mode is build)",
    );
  });

  it.each([
    [{ mode: 'release' }, "Input 'mode': expected one of build, plan, merge, got 'release'"],
    [
      { ldflags: '-X main.v={{verison}}' },
      /^Input 'ldflags': unknown field '\{\{verison\}\}' \(did you mean 'version'\?\)/,
    ],
    [
      { ldflags: '-X main.v={{version' },
      "Input 'ldflags': '{{' at column 11 is never closed with '}}'",
    ],
    [{ 'artifact-name': '{{name}}-{{os}}' }, /^Input 'artifact-name': unknown field '\{\{os\}\}'/],
    [{ package: '-toolexec=evil' }, /^Input 'package': '-toolexec=evil' is not a package path/],
    [{ 'binary-name': 'my app' }, /^Input 'binary-name': 'my app' is not a file name/],
    [{ 'binary-name': 'app.exe' }, /the \.exe is added for Windows/],
    [{ 'binary-name': '../app' }, /is not a file name/],
    [
      { flags: '-o /tmp/x' },
      "Input 'flags': '-o' is not allowed: the action names outputs itself (see 'output-directory')",
    ],
    [
      { flags: '-ldflags=-s' },
      "Input 'flags': '-ldflags=-s' is not allowed: use the 'ldflags' input",
    ],
    [{ flags: '--tags=x' }, "Input 'flags': '--tags=x' is not allowed: use the 'tags' input"],
    [
      { flags: '-p 1' },
      "Input 'flags': '1' is not a flag: write flags with their values as -name=value",
    ],
    [{ flags: '-gcflags="-N' }, "Input 'flags': a \" quote is never closed"],
    [{ tags: 'a b' }, /^Input 'tags': 'a b' is not a build tag/],
    [{ env: 'GOOS=plan9' }, "Input 'env': GOOS cannot be set here: use the 'targets' input"],
    [{ env: 'cgo_enabled=1' }, "Input 'env': cgo_enabled cannot be set here: use the 'cgo' input"],
    [{ env: 'NOT A LINE' }, "Input 'env': line 1 is not KEY=value: 'NOT A LINE'"],
    [{ env: '1X=2' }, "Input 'env': '1X' is not an environment variable name"],
    [{ cgo: 'maybe' }, "Input 'cgo': expected true or false, got 'maybe'"],
    [{ parallel: '0' }, "Input 'parallel': must be at least 1, got 0"],
    [{ parallel: 'many' }, "Input 'parallel': expected a whole number, got 'many'"],
    [{ archive: 'rar' }, "Input 'archive': expected one of auto, tar.gz, zip, none, got 'rar'"],
    [
      { 'archive-files': '../secret' },
      "Input 'archive-files': '../secret' must be a path inside the working directory, without '..'",
    ],
    [{ 'archive-files': '/etc/passwd' }, /must be a path inside the working directory/],
    [{ 'archive-files': 'README.md', archive: 'none' }, /has no effect with archive: none/],
    [{ upload: 'yes please' }, "Input 'upload': expected true or false, got 'yes please'"],
    [{ 'retention-days': '-1' }, "Input 'retention-days': must be at least 0, got -1"],
    [{ 'retention-days': '2w' }, "Input 'retention-days': expected a whole number, got '2w'"],
    [{ overwrite: 'always' }, "Input 'overwrite': expected true or false, got 'always'"],
    [{ 'compression-level': '10' }, "Input 'compression-level': must be at most 9, got 10"],
    [
      { 'windows-version-info': 'sure' },
      "Input 'windows-version-info': expected true or false, got 'sure'",
    ],
  ])('refuses %j', (inputs, message) => {
    const e = inputError(inputs as Record<string, string>);
    if (typeof message === 'string') expect(e.message).toBe(message);
    else expect(e.message).toMatch(message);
  });
});

describe('splitFlags', () => {
  it('splits on whitespace and honours quotes without a shell', () => {
    expect(splitFlags(`  -a  -gcflags='all=-N -l' -x "" `)).toEqual([
      '-a',
      '-gcflags=all=-N -l',
      '-x',
      '',
    ]);
    expect(splitFlags('-ldflags=$(rm -rf /)')).toEqual(['-ldflags=$(rm', '-rf', '/)']);
  });
});
