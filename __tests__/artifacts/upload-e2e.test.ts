/**
 * The bundled build action uploading through the real @actions/artifact client (its Twirp calls
 * and Azure block-blob upload) to a local stand-in of the artifact service on 127.0.0.1, which
 * records exactly what arrived: names, MIME types, expiry, bytes and finalize digests.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionResult } from '../../lab/runner.js';
import { gitRepo, git, tempDir, TINY_FILES } from '../build/fixtures.js';
import {
  startLocalArtifactService,
  type LocalArtifactService,
} from '../../lab/artifact-service.js';

let svc: LocalArtifactService;
let repo: string;
let r: ActionResult;
let before: number;
let after: number;
let v: string;

beforeAll(async () => {
  svc = await startLocalArtifactService();
  repo = gitRepo({ files: TINY_FILES });
  v = `0.0.0-1-g${git(repo, ['rev-parse', 'HEAD']).slice(0, 7)}`;
  before = Date.now();
  r = await runAction('build', {
    workspace: repo,
    env: {
      ACTIONS_RUNTIME_TOKEN: svc.token,
      ACTIONS_RESULTS_URL: svc.url,
      // github.com, so the client does not take the service for GitHub Enterprise Server; no
      // request goes there.
      GITHUB_SERVER_URL: 'https://github.com',
    },
    inputs: { targets: 'linux/amd64, windows/amd64', 'retention-days': 3, 'compression-level': 0 },
  });
  after = Date.now();
}, 600_000);

afterAll(async () => svc?.close());

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('upload through @actions/artifact', () => {
  it('uploads every artifact and lists them in the artifacts output', () => {
    expect(r.exitCode, r.stdout).toBe(0);
    expect(svc.artifacts.map((a) => a.name)).toEqual([
      `tiny_${v}_linux_amd64.tar.gz`,
      `tiny_${v}_windows_amd64.zip`,
      expect.stringMatching(new RegExp(`^tiny_${v}_manifest_[0-9a-f]{12}$`)),
    ]);
    expect(JSON.parse(r.outputs.artifacts!)).toEqual(svc.artifacts.map((a) => a.name));
  });

  it('uploads each archive as-is: the artifact is the file, byte for byte, with its MIME type', () => {
    for (const [i, mime] of [
      [0, 'application/gzip'],
      [1, 'application/zip'],
    ] as const) {
      const a = svc.artifacts[i]!;
      const onDisk = readFileSync(join(repo, 'dist', a.name));
      expect(a.content!.equals(onDisk)).toBe(true);
      expect(a.mimeType).toBe(mime);
      expect(a.finalized).toEqual({ size: String(onDisk.length), hash: `sha256:${sha(onDisk)}` });
    }
  });

  it('zips manifest.json and SHA256SUMS at the compression level asked for (0: stored)', () => {
    const a = svc.artifacts[2]!;
    expect(a.mimeType).toBe('application/zip');
    const zip = join(tempDir(), 'manifest.zip');
    writeFileSync(zip, a.content!);
    const listing = execFileSync('zipinfo', [zip], { encoding: 'utf8' });
    expect(listing).toMatch(/ stor .* SHA256SUMS\n/);
    expect(listing).toMatch(/ stor .* manifest\.json\n/);
    const x = tempDir();
    execFileSync('unzip', ['-q', zip, '-d', x]);
    expect(readFileSync(join(x, 'SHA256SUMS'))).toEqual(
      readFileSync(join(repo, 'dist', 'SHA256SUMS')),
    );
  });

  it('asks the service to keep every artifact for retention-days', () => {
    const day = 24 * 3600 * 1000;
    for (const a of svc.artifacts) {
      const expires = Date.parse(a.expiresAt!);
      expect(expires).toBeGreaterThanOrEqual(before + 3 * day - 1000);
      expect(expires).toBeLessThanOrEqual(after + 3 * day + 1000);
    }
  });
});
