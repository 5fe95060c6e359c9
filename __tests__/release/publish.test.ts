/**
 * The GitHub Release through the real client code path (@actions/github's octokit over HTTP)
 * against the local recorder of the Releases REST API (lab/github-releases.ts): create with
 * assets, a re-run that replaces assets instead of duplicating them, a draft found again, a 502
 * and a secondary rate limit retried, a 403 explained with the permission it needs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalReleasesApi, type LocalReleasesApi } from '../../lab/github-releases.js';
import type { LocalAsset, ReleaseFields } from '../../src/release/api.js';
import { octokitReleaseApi } from '../../src/release/github.js';
import { publishRelease } from '../../src/release/publish.js';
import { UserError } from '../../src/runner/errors.js';

const TOKEN = 'ghs_releasetoken';
let gh: LocalReleasesApi;
let logs: string[];

beforeEach(async () => {
  gh = await startLocalReleasesApi({ token: TOKEN });
  logs = [];
});
afterEach(async () => {
  await gh.close();
});

function assets(contents: Record<string, string>): LocalAsset[] {
  const dir = mkdtempSync(join(tmpdir(), 'winship-assets-'));
  return Object.entries(contents).map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return {
      name,
      path: join(dir, name),
      size: text.length,
      sha256: '0'.repeat(64),
      contentType: 'application/zip',
    };
  });
}

const fields = (over: Partial<ReleaseFields> = {}): ReleaseFields => ({
  tag_name: 'v1.4.0',
  name: 'hello-service 1.4.0',
  body: 'notes',
  draft: false,
  prerelease: false,
  ...over,
});

const api = (token = TOKEN) =>
  octokitReleaseApi(
    { token, apiUrl: gh.url, owner: 'winship-test', repo: 'hello-service' },
    (m) => logs.push(m),
    { baseDelayMs: 1, sleep: async () => undefined },
  );

describe('publishRelease against the recorder', () => {
  it('creates the release of the tag and uploads every asset with its bytes and type', async () => {
    const r = await publishRelease(
      { fields: fields(), assets: assets({ 'a.zip': 'zip one', SHA256SUMS: 'sums one' }) },
      await api(),
      (m) => logs.push(m),
    );
    expect(r.created).toBe(true);
    expect(gh.releases).toHaveLength(1);
    const rel = gh.releases[0]!;
    expect(rel).toMatchObject({ tag_name: 'v1.4.0', name: 'hello-service 1.4.0', body: 'notes' });
    expect(rel.assets.map((a) => [a.name, a.data.toString(), a.contentType])).toEqual([
      ['a.zip', 'zip one', 'application/zip'],
      ['SHA256SUMS', 'sums one', 'application/zip'],
    ]);
    expect(r.url).toBe(`${gh.serverUrl}/winship-test/hello-service/releases/tag/v1.4.0`);
    expect(r.assets.map((a) => a.url)).toEqual([
      `${gh.serverUrl}/winship-test/hello-service/releases/download/v1.4.0/a.zip`,
      `${gh.serverUrl}/winship-test/hello-service/releases/download/v1.4.0/SHA256SUMS`,
    ]);
    expect(new Set(gh.requests.map((q) => q.authorization))).toEqual(new Set([`token ${TOKEN}`]));
  });

  it('on a re-run updates the release and replaces same-named assets, keeping others, never duplicating', async () => {
    const client = await api();
    await publishRelease(
      { fields: fields(), assets: assets({ 'a.zip': 'old', 'b.zip': 'old b' }) },
      client,
      () => undefined,
    );
    gh.releases[0]!.assets.push({
      id: 9999,
      name: 'added-by-hand.txt',
      contentType: 'text/plain',
      data: Buffer.from('x'),
    });
    const r = await publishRelease(
      {
        fields: fields({ body: 'new notes' }),
        assets: assets({ 'a.zip': 'new', 'b.zip': 'new b' }),
      },
      client,
      (m) => logs.push(m),
    );
    expect(r.created).toBe(false);
    expect(r.replaced).toEqual(['a.zip', 'b.zip']);
    expect(gh.releases).toHaveLength(1);
    expect(gh.releases[0]!.body).toBe('new notes');
    expect(gh.releases[0]!.assets.map((a) => [a.name, a.data.toString()]).sort()).toEqual([
      ['a.zip', 'new'],
      ['added-by-hand.txt', 'x'],
      ['b.zip', 'new b'],
    ]);
    expect(gh.requests.filter((q) => q.method === 'DELETE')).toHaveLength(2);
  });

  it('finds its own draft again (GitHub has no by-tag lookup for drafts) instead of making a second', async () => {
    const client = await api();
    await publishRelease(
      { fields: fields({ draft: true }), assets: assets({ 'a.zip': '1' }) },
      client,
      () => undefined,
    );
    await publishRelease(
      { fields: fields({ draft: true }), assets: assets({ 'a.zip': '2' }) },
      client,
      () => undefined,
    );
    expect(gh.releases).toHaveLength(1);
    expect(gh.releases[0]!.draft).toBe(true);
    expect(gh.releases[0]!.assets.map((a) => a.data.toString())).toEqual(['2']);
  });

  it('retries a 502 on upload and a secondary rate limit on create, then succeeds', async () => {
    gh.fail({
      method: 'POST',
      path: /\/releases$/,
      status: 403,
      message:
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      headers: { 'retry-after': '1' },
    });
    gh.fail({ method: 'POST', path: /^\/uploads\//, status: 502, message: 'Server Error' });
    const r = await publishRelease(
      { fields: fields(), assets: assets({ 'a.zip': 'zip' }) },
      await api(),
      (m) => logs.push(m),
    );
    expect(r.assets).toHaveLength(1);
    expect(gh.releases[0]!.assets.map((a) => a.data.toString())).toEqual(['zip']);
    const statuses = gh.requests.filter((q) => q.method === 'POST').map((q) => q.status);
    expect(statuses).toEqual([403, 201, 502, 201]);
    expect(logs.join('\n')).toMatch(
      /create the release v1\.4\.0: HTTP 403 \(You have exceeded a secondary rate limit.*\); retrying in 1 s/,
    );
    expect(logs.join('\n')).toMatch(/upload a\.zip: HTTP 502 \(Server Error\); retrying/);
  });

  it('gives up after the last attempt, saying how often it tried', async () => {
    gh.fail({
      method: 'POST',
      path: /\/releases$/,
      status: 503,
      message: 'Unavailable',
      times: 10,
    });
    const err = await publishRelease(
      { fields: fields(), assets: [] },
      await api(),
      () => undefined,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(
      'could not create the release v1.4.0 after 5 attempts (HTTP 503: Unavailable)',
    );
  });

  it("works against GitHub Enterprise Server's layout: the API under /api/v3, uploads where the release says", async () => {
    const ghes = await startLocalReleasesApi({ token: TOKEN, enterprise: true });
    try {
      expect(ghes.url).toMatch(/\/api\/v3$/);
      const client = await octokitReleaseApi(
        { token: TOKEN, apiUrl: ghes.url, owner: 'winship-test', repo: 'hello-service' },
        () => undefined,
        { baseDelayMs: 1, sleep: async () => undefined },
      );
      await publishRelease(
        { fields: fields(), assets: assets({ 'a.zip': 'ghes' }) },
        client,
        () => undefined,
      );
      expect(ghes.releases[0]!.assets.map((a) => a.data.toString())).toEqual(['ghes']);
      expect(ghes.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
        'GET /api/v3/repos/winship-test/hello-service/releases/tags/v1.4.0',
        'GET /api/v3/repos/winship-test/hello-service/releases',
        'POST /api/v3/repos/winship-test/hello-service/releases',
        'GET /api/v3/repos/winship-test/hello-service/releases/100/assets',
        'POST /api/uploads/repos/winship-test/hello-service/releases/100/assets',
      ]);
    } finally {
      await ghes.close();
    }
  });

  it('explains a 403 with the permission it needs, and creates nothing', async () => {
    gh.readOnlyTokens.add('ghs_readonly');
    const err = await publishRelease(
      { fields: fields(), assets: assets({ 'a.zip': 'z' }) },
      await api('ghs_readonly'),
      () => undefined,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(
      /^GitHub refused to create the release v1\.4\.0 \(HTTP 403: Resource not accessible by integration\): the token needs permission to write releases; give the job `permissions: contents: write`/,
    );
    expect(gh.releases).toEqual([]);
  });
});
