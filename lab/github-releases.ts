/**
 * A stand-in for GitHub's Releases REST API on 127.0.0.1, at the interface winship uses (the
 * endpoints octokit calls, with GitHub's status codes and JSON shapes): get a release by tag
 * (published ones only, as on GitHub), list, create (422 when the tag has one), update, list,
 * delete and upload assets (at the `upload_url` each release names; 422 for a name that exists).
 * Every request is recorded with its token; failures can be injected (a 502, a secondary rate
 * limit) and a token can be made read-only (403 "Resource not accessible by integration").
 * GitHub itself cannot be reached from the lab: this recorder is what the tests run against.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedAsset {
  id: number;
  name: string;
  contentType: string;
  data: Buffer;
}

export interface RecordedRelease {
  id: number;
  tag_name: string;
  name: string;
  body: string;
  draft: boolean;
  prerelease: boolean;
  assets: RecordedAsset[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
  contentType?: string;
  bytes: number;
  status: number;
}

export interface InjectedFailure {
  method?: string;
  /** Matched against the path (without the query). */
  path?: RegExp;
  status: number;
  message: string;
  headers?: Record<string, string>;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export interface LocalReleasesApi {
  /** GITHUB_API_URL for the code under test. */
  url: string;
  /** What GITHUB_SERVER_URL would be: the base of html_url and download URLs. */
  serverUrl: string;
  releases: RecordedRelease[];
  requests: RecordedRequest[];
  fail(f: InjectedFailure): void;
  /** Tokens that may read but not write (like a workflow token without contents: write). */
  readOnlyTokens: Set<string>;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

export async function startLocalReleasesApi(
  opts: {
    token?: string;
    owner?: string;
    repo?: string;
    /**
     * Serve as GitHub Enterprise Server does: the REST API under `/api/v3` (GITHUB_API_URL is
     * `<host>/api/v3`) and uploads under `/api/uploads`, instead of api.github.com's root and
     * uploads.github.com.
     */
    enterprise?: boolean;
  } = {},
): Promise<LocalReleasesApi> {
  const releases: RecordedRelease[] = [];
  const requests: RecordedRequest[] = [];
  const failures: (InjectedFailure & { left: number })[] = [];
  const readOnlyTokens = new Set<string>();
  let nextId = 100;
  let url = '';
  const repoPath = `/repos/${opts.owner ?? 'winship-test'}/${opts.repo ?? 'hello-service'}`;
  const uploads = opts.enterprise ? '/api/uploads' : '/uploads';
  const serverUrl = () => `${url}/web`;
  const webRepo = () => `${serverUrl()}${repoPath.replace('/repos', '')}`;

  const releaseJson = (r: RecordedRelease) => ({
    id: r.id,
    tag_name: r.tag_name,
    name: r.name,
    body: r.body,
    draft: r.draft,
    prerelease: r.prerelease,
    html_url: `${webRepo()}/releases/tag/${r.tag_name}`,
    upload_url: `${url}${uploads}${repoPath}/releases/${r.id}/assets{?name,label}`,
    assets: r.assets.map((a) => assetJson(r, a)),
  });
  const assetJson = (r: RecordedRelease, a: RecordedAsset) => ({
    id: a.id,
    name: a.name,
    size: a.data.length,
    content_type: a.contentType,
    state: 'uploaded',
    browser_download_url: `${webRepo()}/releases/download/${r.tag_name}/${encodeURIComponent(a.name)}`,
  });

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? '';
      // Under GHES's prefixes only, when it stands in for Enterprise: a request to the root is lost.
      const raw = u.pathname;
      const path = !opts.enterprise
        ? raw
        : raw.startsWith('/api/v3/')
          ? raw.slice('/api/v3'.length)
          : raw.startsWith('/api/uploads/')
            ? `/uploads${raw.slice('/api/uploads'.length)}`
            : `/not-served${raw}`;
      const record: RecordedRequest = {
        method,
        path: raw,
        query: Object.fromEntries(u.searchParams),
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}),
        bytes: body.length,
        status: 0,
      };
      requests.push(record);
      const send = (status: number, v?: unknown, headers: Record<string, string> = {}) => {
        record.status = status;
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(v === undefined ? '' : JSON.stringify(v));
      };
      const token = (req.headers.authorization ?? '').replace(/^(token|bearer)\s+/i, '');
      if (opts.token && token !== opts.token && !readOnlyTokens.has(token))
        return send(401, { message: 'Bad credentials' });
      const injected = failures.find(
        (f) => f.left > 0 && (!f.method || f.method === method) && (!f.path || f.path.test(path)),
      );
      if (injected) {
        injected.left--;
        return send(injected.status, { message: injected.message }, injected.headers ?? {});
      }
      if (method !== 'GET' && readOnlyTokens.has(token))
        return send(403, {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest/releases/releases#create-a-release',
        });
      const json = () => JSON.parse(body.toString('utf8') || '{}') as Partial<RecordedRelease>;
      const byId = (id: string) => releases.find((r) => r.id === Number(id));

      let m = new RegExp(`^${repoPath}/releases/tags/(.+)$`).exec(path);
      if (m && method === 'GET') {
        const r = releases.find((x) => x.tag_name === decodeURIComponent(m![1]!) && !x.draft);
        return r ? send(200, releaseJson(r)) : send(404, { message: 'Not Found' });
      }
      if (path === `${repoPath}/releases` && method === 'GET') {
        const per = Number(u.searchParams.get('per_page') ?? 30);
        const page = Number(u.searchParams.get('page') ?? 1);
        const list = [...releases].reverse().slice((page - 1) * per, page * per);
        return send(200, list.map(releaseJson));
      }
      if (path === `${repoPath}/releases` && method === 'POST') {
        const b = json();
        if (releases.some((r) => r.tag_name === b.tag_name))
          return send(422, {
            message: 'Validation Failed',
            errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }],
          });
        const r: RecordedRelease = {
          id: nextId++,
          tag_name: String(b.tag_name),
          name: String(b.name ?? b.tag_name),
          body: String(b.body ?? ''),
          draft: Boolean(b.draft),
          prerelease: Boolean(b.prerelease),
          assets: [],
        };
        releases.push(r);
        return send(201, releaseJson(r));
      }
      m = new RegExp(`^${repoPath}/releases/(\\d+)$`).exec(path);
      if (m && method === 'PATCH') {
        const r = byId(m[1]!);
        if (!r) return send(404, { message: 'Not Found' });
        const b = json();
        for (const k of ['tag_name', 'name', 'body', 'draft', 'prerelease'] as const)
          if (b[k] !== undefined) (r as unknown as Record<string, unknown>)[k] = b[k];
        return send(200, releaseJson(r));
      }
      m = new RegExp(`^${repoPath}/releases/(\\d+)/assets$`).exec(path);
      if (m && method === 'GET') {
        const r = byId(m[1]!);
        if (!r) return send(404, { message: 'Not Found' });
        const per = Number(u.searchParams.get('per_page') ?? 30);
        const page = Number(u.searchParams.get('page') ?? 1);
        return send(
          200,
          r.assets.slice((page - 1) * per, page * per).map((a) => assetJson(r, a)),
        );
      }
      m = new RegExp(`^${repoPath}/releases/assets/(\\d+)$`).exec(path);
      if (m && method === 'DELETE') {
        for (const r of releases) {
          const i = r.assets.findIndex((a) => a.id === Number(m![1]));
          if (i >= 0) {
            r.assets.splice(i, 1);
            return send(204);
          }
        }
        return send(404, { message: 'Not Found' });
      }
      m = new RegExp(`^/uploads${repoPath}/releases/(\\d+)/assets$`).exec(path);
      if (m && method === 'POST') {
        const r = byId(m[1]!);
        const name = u.searchParams.get('name');
        if (!r || !name) return send(404, { message: 'Not Found' });
        if (r.assets.some((a) => a.name === name))
          return send(422, {
            message: 'Validation Failed',
            errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }],
          });
        const a: RecordedAsset = {
          id: nextId++,
          name,
          contentType: req.headers['content-type'] ?? '',
          data: body,
        };
        r.assets.push(a);
        return send(201, assetJson(r, a));
      }
      send(404, { message: 'Not Found' });
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: opts.enterprise ? `${url}/api/v3` : url,
    serverUrl: serverUrl(),
    releases,
    requests,
    readOnlyTokens,
    fail: (f) => failures.push({ ...f, left: f.times ?? 1 }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
