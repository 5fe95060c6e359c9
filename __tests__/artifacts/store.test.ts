import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeFromClient, type ArtifactClientLike } from '../../src/artifacts/store.js';
import { UserError } from '../../src/runner/errors.js';
import { NODE24, REPO } from '../../lab/paths.js';

/** Records every call exactly as @actions/artifact's client would receive it. */
function recordingClient(
  answers: { digest?: string; digestMismatch?: boolean; deleteError?: Error } = {},
) {
  const calls: { method: string; args: unknown[] }[] = [];
  const client: ArtifactClientLike = {
    async deleteArtifact(...args) {
      calls.push({ method: 'deleteArtifact', args });
      if (answers.deleteError) throw answers.deleteError;
      return { id: 3 };
    },
    async uploadArtifact(...args) {
      calls.push({ method: 'uploadArtifact', args });
      return { id: 7, size: 123, digest: 'abc' };
    },
    async getArtifact(...args) {
      calls.push({ method: 'getArtifact', args });
      return {
        artifact: { id: 42, name: args[0], ...(answers.digest ? { digest: answers.digest } : {}) },
      };
    },
    async downloadArtifact(...args) {
      calls.push({ method: 'downloadArtifact', args });
      return {
        downloadPath: (args[1] as { path: string }).path,
        digestMismatch: answers.digestMismatch ?? false,
      };
    },
  };
  return { client, calls };
}

describe('the artifact store over @actions/artifact', () => {
  it('uploads one file as-is with skipArchive, retention and compression', async () => {
    const { client, calls } = recordingClient();
    const r = await storeFromClient(client).upload({
      name: 'app_1.0.0_linux_amd64.tar.gz',
      files: ['/ws/dist/app_1.0.0_linux_amd64.tar.gz'],
      rootDirectory: '/ws/dist',
      retentionDays: 7,
      compressionLevel: 0,
      asIs: true,
    });
    expect(calls).toEqual([
      {
        method: 'uploadArtifact',
        args: [
          'app_1.0.0_linux_amd64.tar.gz',
          ['/ws/dist/app_1.0.0_linux_amd64.tar.gz'],
          '/ws/dist',
          { retentionDays: 7, compressionLevel: 0, skipArchive: true },
        ],
      },
    ]);
    expect(r).toEqual({ name: 'app_1.0.0_linux_amd64.tar.gz', id: 7, size: 123, digest: 'abc' });
  });

  it('gives the artifact page as url when it knows the run', async () => {
    const { client } = recordingClient();
    const run = { serverUrl: 'https://github.com', repository: 'acme/svc', runId: '99' };
    const r = await storeFromClient(client, run).upload({
      name: 'm',
      files: ['/d/a'],
      rootDirectory: '/d',
    });
    expect(r.url).toBe('https://github.com/acme/svc/actions/runs/99/artifacts/7');
  });

  it('overwrite deletes the artifact of the same name first; none to delete is fine', async () => {
    const { client, calls } = recordingClient();
    await storeFromClient(client).upload({
      name: 'm',
      files: ['/d/a'],
      rootDirectory: '/d',
      overwrite: true,
    });
    expect(calls.map((c) => [c.method, c.args[0]])).toEqual([
      ['deleteArtifact', 'm'],
      ['uploadArtifact', 'm'],
    ]);
    const notFound = Object.assign(new Error('Artifact not found for name: m'), {
      name: 'ArtifactNotFoundError',
    });
    const second = recordingClient({ deleteError: notFound });
    await storeFromClient(second.client).upload({
      name: 'm',
      files: ['/d/a'],
      rootDirectory: '/d',
      overwrite: true,
    });
    expect(second.calls.map((c) => c.method)).toEqual(['deleteArtifact', 'uploadArtifact']);
  });

  it('overwrite says so when the deletion fails for another reason, and uploads nothing', async () => {
    const { client, calls } = recordingClient({ deleteError: new Error('403 Forbidden') });
    await expect(
      storeFromClient(client).upload({
        name: 'm',
        files: ['/d/a'],
        rootDirectory: '/d',
        overwrite: true,
      }),
    ).rejects.toThrow("overwrite: deleting the existing artifact 'm' failed: 403 Forbidden");
    expect(calls.map((c) => c.method)).toEqual(['deleteArtifact']);
  });

  it('leaves options out that the user did not set (repository defaults apply)', async () => {
    const { client, calls } = recordingClient();
    await storeFromClient(client).upload({
      name: 'm',
      files: ['/d/a', '/d/b'],
      rootDirectory: '/d',
    });
    expect(calls[0]!.args).toEqual(['m', ['/d/a', '/d/b'], '/d', {}]);
  });

  it('refuses names the service would refuse, and as-is uploads of several files, before calling it', async () => {
    const { client, calls } = recordingClient();
    const store = storeFromClient(client);
    await expect(store.upload({ name: 'a/b', files: ['/x'], rootDirectory: '/' })).rejects.toThrow(
      UserError,
    );
    await expect(store.upload({ name: 'a:b', files: ['/x'], rootDirectory: '/' })).rejects.toThrow(
      /not a valid artifact name/,
    );
    await expect(
      store.upload({ name: 'ab', files: ['/x', '/y'], rootDirectory: '/', asIs: true }),
    ).rejects.toThrow(/exactly one file/);
    expect(calls).toEqual([]);
  });

  it('downloads by name, checking the recorded digest', async () => {
    const { client, calls } = recordingClient({ digest: 'sha256:1234' });
    const r = await storeFromClient(client).download({ name: 'app_manifest', path: '/tmp/in' });
    expect(calls).toEqual([
      { method: 'getArtifact', args: ['app_manifest', undefined] },
      { method: 'downloadArtifact', args: [42, { path: '/tmp/in', expectedHash: 'sha256:1234' }] },
    ]);
    expect(r).toEqual({ name: 'app_manifest', path: '/tmp/in' });
  });

  it('downloads an artifact named after a released file as that file, never unzipped', async () => {
    for (const name of ['app_1.0.0_windows_amd64.zip', 'app_1.0.0_linux_amd64.tar.gz', 'app.exe']) {
      const { client, calls } = recordingClient({ digest: 'sha256:1234' });
      await storeFromClient(client).download({ name, path: '/tmp/in' });
      expect(calls.at(-1)).toEqual({
        method: 'downloadArtifact',
        args: [42, { path: '/tmp/in', expectedHash: 'sha256:1234', skipDecompress: true }],
      });
    }
    // The manifest artifact is a zip upload-artifact made: the client unzips it by its type.
    const { client, calls } = recordingClient({ digest: 'sha256:1234' });
    await storeFromClient(client).download({
      name: 'app_1.0.0_manifest_windows_amd64',
      path: '/in',
    });
    expect(calls.at(-1)).toEqual({
      method: 'downloadArtifact',
      args: [42, { path: '/in', expectedHash: 'sha256:1234' }],
    });
  });

  it("downloads another run's artifact with findBy on both calls", async () => {
    const { client, calls } = recordingClient();
    await storeFromClient(client).download({
      name: 'app.zip',
      path: '/in',
      from: { token: 't0k', runId: 99, owner: 'acme', repo: 'svc' },
    });
    const findBy = {
      token: 't0k',
      workflowRunId: 99,
      repositoryOwner: 'acme',
      repositoryName: 'svc',
    };
    expect(calls).toEqual([
      { method: 'getArtifact', args: ['app.zip', { findBy }] },
      { method: 'downloadArtifact', args: [42, { path: '/in', skipDecompress: true, findBy }] },
    ]);
  });

  it('fails a download whose digest does not match', async () => {
    const { client } = recordingClient({ digest: 'sha256:1', digestMismatch: true });
    await expect(storeFromClient(client).download({ name: 'a', path: '/in' })).rejects.toThrow(
      "artifact 'a' did not match its recorded digest after download: re-run the job",
    );
  });
});

describe('the bundled build action', () => {
  it('loads @actions/artifact only from a chunk of its own, on first use', () => {
    const dir = join(REPO, 'dist', 'build');
    const index = readFileSync(join(dir, 'index.js'), 'utf8');
    expect(index).not.toContain('uploadArtifact(name, files, rootDirectory');
    const chunks = readdirSync(join(dir, 'chunks')).map((f) =>
      readFileSync(join(dir, 'chunks', f), 'utf8'),
    );
    expect(chunks.some((c) => c.includes('uploadArtifact(name, files, rootDirectory'))).toBe(true);
    expect(index).toMatch(/import\("\.\/chunks\/artifact-[A-Z0-9]+\.js"\)/);
  });

  it('can load that chunk in Node, as the upload does on first use', async () => {
    const dir = join(REPO, 'dist', 'build', 'chunks');
    const chunk = readdirSync(dir).find((f) => f.startsWith('artifact-'))!;
    // Run in a child Node 24 so a syntax error in the chunk is the chunk's, not vitest's loader's.
    const r = spawnSync(
      NODE24,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(join(dir, chunk))}); console.log(typeof m.DefaultArtifactClient);`,
      ],
      {
        encoding: 'utf8',
      },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('function');
  });
});
