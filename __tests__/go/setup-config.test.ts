import { describe, expect, it } from 'vitest';
import { readSetupGoConfig } from '../../src/go/setup-config.js';
import { InputError } from '../../src/runner/errors.js';

const host = { os: 'linux', arch: 'x64', cwd: '/cwd' };
const env = { RUNNER_TOOL_CACHE: '/tc', RUNNER_TEMP: '/tmp/r', GITHUB_WORKSPACE: '/ws' };
const read = (inputs: Record<string, string>, e: Record<string, string> = env) =>
  readSetupGoConfig((n) => inputs[n] ?? '', e, host);

describe('setup-go configuration', () => {
  it('defaults: go.dev, cache on, check-latest off, the runner platform', () => {
    expect(read({ 'go-version': '1.22' })).toMatchObject({
      versionSpec: '1.22',
      versionFile: undefined,
      checkLatest: false,
      baseUrl: 'https://go.dev/dl',
      cache: true,
      cacheDependencyPath: [],
      platform: { os: 'linux', arch: 'amd64', toolArch: 'x64' },
      workspace: '/ws',
      toolCache: '/tc',
      temp: '/tmp/r',
      warnings: [],
    });
  });

  it('a version file is relative to the workspace', () => {
    expect(read({ 'go-version-file': 'svc/go.mod' }).versionFile).toEqual({
      path: '/ws/svc/go.mod',
      shownAs: 'svc/go.mod',
    });
  });

  it('the input mirror wins over GO_DOWNLOAD_BASE_URL, which wins over go.dev', () => {
    const e = { ...env, GO_DOWNLOAD_BASE_URL: 'https://env.mirror/go/' };
    expect(read({ 'go-download-base-url': 'http://input.mirror/dl' }, e)).toMatchObject({
      baseUrl: 'http://input.mirror/dl',
      baseUrlSource: 'go-download-base-url',
    });
    expect(read({}, e)).toMatchObject({
      baseUrl: 'https://env.mirror/go',
      baseUrlSource: 'GO_DOWNLOAD_BASE_URL',
    });
  });

  it('cache-dependency-path: one pattern a line, blanks and comments dropped', () => {
    expect(
      read({ 'cache-dependency-path': 'go.sum\n\n# tools\ntools/**/go.sum\n' }).cacheDependencyPath,
    ).toEqual(['go.sum', 'tools/**/go.sum']);
  });

  it('bad inputs are InputErrors naming the input', () => {
    expect(() => read({ cache: 'maybe' })).toThrow(InputError);
    expect(() => read({ 'go-download-base-url': 'ftp://x' })).toThrow(
      "Input 'go-download-base-url': 'ftp://x' must be an http(s) URL",
    );
    expect(() => read({}, { ...env, GO_DOWNLOAD_BASE_URL: 'nope' })).toThrow(
      /^GO_DOWNLOAD_BASE_URL: 'nope' is not a URL/,
    );
    expect(() => read({}, { GITHUB_WORKSPACE: '/ws' })).toThrow(/^RUNNER_TOOL_CACHE is not set/);
  });
});
