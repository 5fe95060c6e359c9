/**
 * What the build hands to the artifact service, checked exactly at the ArtifactStore interface:
 * names, files, root folder, retention, compression, as-is or zipped. The pipeline runs in-process
 * with real go and git; only the artifact service is recorded.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBuildConfig } from '../../src/build/config.js';
import type { Manifest } from '../../src/build/manifest.js';
import { runBuildAction } from '../../src/build/pipeline.js';
import { UserError } from '../../src/runner/errors.js';
import { git, gitRepo, tempDir, TINY_FILES } from './fixtures.js';
import { recordingReporter, recordingStore } from './recording.js';

let repo: string;
let v: string;
beforeAll(() => {
  repo = gitRepo({ files: TINY_FILES });
  v = `0.0.0-1-g${git(repo, ['rev-parse', 'HEAD']).slice(0, 7)}`;
});

async function build(inputs: Record<string, string>, store = recordingStore(), workspace = repo) {
  const reporter = recordingReporter();
  const config = readBuildConfig((n) => inputs[n] ?? '', workspace);
  await runBuildAction(config, {
    io: reporter,
    store,
    env: { ref: 'refs/heads/main', tmp: tempDir() },
  });
  return { reporter, store, config };
}

describe('uploads of a build', () => {
  it('uploads each archive as-is under its own name, then the manifest and checksums zipped', async () => {
    const { store, reporter } = await build({
      targets: 'linux/amd64, windows/amd64',
      'output-directory': 'as-is',
      'retention-days': '7',
      'compression-level': '9',
    });
    const out = join(repo, 'as-is');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.targets.map((t) => t.target)).toEqual(['linux/amd64', 'windows/amd64']);
    expect(store.uploads).toEqual([
      {
        name: `tiny_${v}_linux_amd64.tar.gz`,
        files: [join(out, `tiny_${v}_linux_amd64.tar.gz`)],
        rootDirectory: out,
        retentionDays: 7,
        compressionLevel: 9,
        asIs: true,
      },
      {
        name: `tiny_${v}_windows_amd64.zip`,
        files: [join(out, `tiny_${v}_windows_amd64.zip`)],
        rootDirectory: out,
        retentionDays: 7,
        compressionLevel: 9,
        asIs: true,
      },
      {
        name: expect.stringMatching(new RegExp(`^tiny_${v}_manifest_[0-9a-f]{12}$`)),
        files: [join(out, 'manifest.json'), join(out, 'SHA256SUMS')],
        rootDirectory: out,
        retentionDays: 7,
        compressionLevel: 9,
        asIs: false,
      },
    ]);
    expect(JSON.parse(reporter.outputs.artifacts!)).toEqual(store.uploads.map((u) => u.name));
  });

  it('zips each file under the artifact-name template, and leaves retention to the repository by default', async () => {
    const { store } = await build({
      targets: 'linux/amd64',
      'output-directory': 'templated',
      'artifact-name': 'bin-{{name}}-{{version}}-{{goos}}-{{goarch}}',
    });
    const out = join(repo, 'templated');
    expect(store.uploads).toEqual([
      {
        name: `bin-tiny-${v}-linux-amd64`,
        files: [join(out, `tiny_${v}_linux_amd64.tar.gz`)],
        rootDirectory: out,
        compressionLevel: 6,
        asIs: false,
      },
      {
        name: `tiny_${v}_manifest_linux_amd64`,
        files: [join(out, 'manifest.json'), join(out, 'SHA256SUMS')],
        rootDirectory: out,
        compressionLevel: 6,
        asIs: false,
      },
    ]);
  });

  it('uploads the bare binary with archive: none', async () => {
    const { store } = await build({
      targets: 'windows/amd64',
      'output-directory': 'bare',
      archive: 'none',
    });
    expect(store.uploads[0]).toMatchObject({
      name: `tiny_${v}_windows_amd64.exe`,
      files: [join(repo, 'bare', `tiny_${v}_windows_amd64.exe`)],
      asIs: true,
    });
  });

  it('uploads nothing with upload: false', async () => {
    const { store, reporter } = await build({
      targets: 'linux/amd64',
      'output-directory': 'none',
      upload: 'false',
    });
    expect(store.uploads).toEqual([]);
    expect(reporter.outputs.artifacts).toBe('[]');
  });

  it('reports a failing upload as a user error naming the artifact', async () => {
    const failing = {
      ...recordingStore(),
      upload: async () => {
        throw new Error('Unable to get the ACTIONS_RUNTIME_TOKEN env variable');
      },
    };
    const err = await build({ targets: 'linux/amd64', 'output-directory': 'fails' }, failing).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(
      `uploading artifact 'tiny_${v}_linux_amd64.tar.gz' failed: Unable to get the ACTIONS_RUNTIME_TOKEN env variable; re-run the job, or set upload: false to build without uploading`,
    );
  });
});

describe('the fan-out round trip through the artifact interface', () => {
  it('plans, builds one target per job, merges what was uploaded, and the merged SHA256SUMS verifies', async () => {
    const service = tempDir('winship-artifacts-');
    const planned = await build({ mode: 'plan', targets: 'linux/amd64, windows/amd64' });
    const matrix = JSON.parse(planned.reporter.outputs.matrix!) as {
      include: { goos: string; goarch: string }[];
    };
    expect(planned.store.uploads).toEqual([]);

    const store = recordingStore(service);
    for (const job of matrix.include) {
      // Each job is its own runner: its own checkout of the same commit.
      const checkout = join(tempDir(), 'checkout');
      execFileSync('git', ['clone', '-q', repo, checkout]);
      await build({ targets: `${job.goos}/${job.goarch}` }, store, checkout);
    }
    expect(store.uploads.map((u) => u.name).sort()).toEqual(
      [
        `tiny_${v}_linux_amd64.tar.gz`,
        `tiny_${v}_manifest_linux_amd64`,
        `tiny_${v}_manifest_windows_amd64`,
        `tiny_${v}_windows_amd64.zip`,
      ].sort(),
    );

    const mergeJob = tempDir();
    const merged = await build(
      { mode: 'merge', 'merge-from': service, 'retention-days': '30' },
      store,
      mergeJob,
    );
    const out = join(mergeJob, 'dist');
    expect(store.uploads.at(-1)).toEqual({
      name: `tiny_${v}_checksums`,
      files: [join(out, 'manifest.json'), join(out, 'SHA256SUMS')],
      rootDirectory: out,
      retentionDays: 30,
      compressionLevel: 6,
      asIs: false,
    });
    expect(merged.reporter.outputs.matrix).toBe(planned.reporter.outputs.matrix);
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' })).toBe(
      `tiny_${v}_linux_amd64.tar.gz: OK\ntiny_${v}_windows_amd64.zip: OK\n`,
    );
  });
});
