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

describe('upload-artifact outputs per artifact', () => {
  it('gives artifact-id, artifact-url and artifact-digest as JSON keyed by target and manifest', () => {
    const ids = JSON.parse(r.outputs['artifact-id']!) as Record<string, number>;
    const urls = JSON.parse(r.outputs['artifact-url']!) as Record<string, string>;
    const digests = JSON.parse(r.outputs['artifact-digest']!) as Record<string, string>;
    const keys = ['linux/amd64', 'windows/amd64', 'manifest'];
    expect(Object.keys(ids)).toEqual(keys);
    expect(Object.keys(urls)).toEqual(keys);
    expect(Object.keys(digests)).toEqual(keys);
    keys.forEach((k, i) => {
      const a = svc.artifacts[i]!;
      expect(ids[k]).toBe(a.id);
      expect(urls[k]).toBe(
        `https://github.com/winship-test/hello-service/actions/runs/1/artifacts/${a.id}`,
      );
      // As upload-artifact's output: the hex digest the client computed (finalized as sha256:…).
      expect(digests[k]).toBe(sha(a.content!));
      expect(`sha256:${digests[k]}`).toBe(a.finalized!.hash);
    });
  });
});

describe('re-runs, retention and the service', () => {
  const run = (
    service: LocalArtifactService,
    inputs: Record<string, string | number>,
  ): Promise<ActionResult> =>
    runAction('build', {
      workspace: repo,
      env: {
        ACTIONS_RUNTIME_TOKEN: service.token,
        ACTIONS_RESULTS_URL: service.url,
        GITHUB_SERVER_URL: 'https://github.com',
      },
      inputs: { targets: 'linux/amd64', 'output-directory': 'rerun', ...inputs },
    });

  it('a re-run fails on its own artifacts without overwrite, and replaces them with it', async () => {
    const service = await startLocalArtifactService();
    try {
      expect((await run(service, {})).exitCode).toBe(0);
      const first = service.live().map((a) => a.id);
      const again = await run(service, {});
      expect(again.exitCode).toBe(1);
      expect(again.annotations.map((a) => a.message).join('\n')).toMatch(
        /uploading artifact 'tiny_.*_linux_amd64\.tar\.gz' failed: .*\(409\).*an artifact named tiny_.*_linux_amd64\.tar\.gz exists/,
      );
      const replaced = await run(service, { overwrite: 'true' });
      expect(replaced.exitCode, replaced.stdout).toBe(0);
      // The old ones were deleted through the client (DeleteArtifact), the new ones are live.
      const deleted = service.artifacts.filter((a) => a.deleted).map((a) => a.id);
      expect(deleted).toEqual(expect.arrayContaining(first));
      const live = service.live();
      expect(live.map((a) => a.name).sort()).toEqual(
        service.artifacts
          .filter((a) => first.includes(a.id))
          .map((a) => a.name)
          .sort(),
      );
      expect(live.every((a) => !first.includes(a.id))).toBe(true);
      const ids = JSON.parse(replaced.outputs['artifact-id']!) as Record<string, number>;
      expect(Object.values(ids).sort()).toEqual(live.map((a) => a.id).sort());
    } finally {
      await service.close();
    }
  }, 600_000);

  it('retention-days 0 asks for no expiry: the repository default', async () => {
    const service = await startLocalArtifactService();
    try {
      const res = await run(service, { 'retention-days': 0 });
      expect(res.exitCode, res.stdout).toBe(0);
      expect(service.artifacts.every((a) => a.expiresAt === undefined)).toBe(true);
    } finally {
      await service.close();
    }
  }, 600_000);

  it('retention-days over 90 is passed on: kept where the repository allows it', async () => {
    const service = await startLocalArtifactService({ maxRetentionDays: 400 });
    try {
      const t0 = Date.now();
      const res = await run(service, { 'retention-days': 120 });
      expect(res.exitCode, res.stdout).toBe(0);
      const day = 86_400_000;
      for (const a of service.artifacts)
        expect(Math.round((Date.parse(a.expiresAt!) - t0) / day)).toBe(120);
    } finally {
      await service.close();
    }
  }, 600_000);

  it("retention-days over the repository's maximum: the service's refusal, said clearly", async () => {
    const service = await startLocalArtifactService({ maxRetentionDays: 90 });
    try {
      const res = await run(service, { 'retention-days': 120 });
      expect(res.exitCode).toBe(1);
      const errors = res.annotations.filter((a) => a.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toMatch(
        /^uploading artifact 'tiny_.*' failed: .*retention of 120 days exceeds this repository's maximum of 90 days; if retention-days 120 is over the repository's maximum \(Settings > Actions > General\), lower it or leave it empty for the default$/,
      );
      expect(res.stdout).not.toMatch(/^\s+at /m);
      expect(service.live()).toEqual([]);
    } finally {
      await service.close();
    }
  }, 600_000);
});
