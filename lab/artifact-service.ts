/**
 * A stand-in for the GitHub artifact service on 127.0.0.1, so the real @actions/artifact client
 * runs its real code path (Twirp calls and the Azure block-blob upload and download) and the test
 * can check exactly what arrived. It implements what an upload, a download and an overwrite use:
 * CreateArtifact, the blob's block and block-list PUTs, FinalizeArtifact, ListArtifacts (name and
 * id filters), GetSignedArtifactURL, a GET of the signed URL served with the artifact's content
 * type (the client unzips by it) and DeleteArtifact. The service itself cannot run here.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedArtifact {
  id: number;
  name: string;
  mimeType?: string;
  expiresAt?: string;
  version?: number;
  createdAt: string;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  content?: Buffer;
  finalized?: { size: string; hash?: string };
  deleted?: boolean;
}

export interface LocalArtifactService {
  url: string;
  /** ACTIONS_RUNTIME_TOKEN for the run and job IDs below (a JWT the client decodes, unsigned). */
  token: string;
  /** Every artifact created, deleted ones included (marked), in order. */
  artifacts: ReceivedArtifact[];
  /** The artifacts a download sees: finalized and not deleted. */
  live(): ReceivedArtifact[];
  /** Each signed-URL GET: artifact name and the content type it was served with. */
  downloads: { name: string; contentType: string }[];
  close(): Promise<void>;
}

const RUN = 'run-0001';
const JOB = 'job-0001';

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface ArtifactServiceOptions {
  /**
   * The repository's maximum retention in days: CreateArtifact refuses a later expiry, as the
   * service decides it (the client only clamps when GITHUB_RETENTION_DAYS is set). Default: none.
   */
  maxRetentionDays?: number;
}

export async function startLocalArtifactService(
  opts: ArtifactServiceOptions = {},
): Promise<LocalArtifactService> {
  const artifacts: ReceivedArtifact[] = [];
  const downloads: { name: string; contentType: string }[] = [];
  const blocks = new Map<number, Map<string, Buffer>>();
  let nextId = 1;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const live = () => artifacts.filter((a) => a.finalized && !a.deleted);
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const data = await body(req);
    const port = (server.address() as AddressInfo).port;
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    const twirp = /^\/twirp\/github\.actions\.results\.api\.v1\.ArtifactService\/(\w+)$/.exec(
      url.pathname,
    );
    if (req.method === 'POST' && twirp) {
      const msg = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
      // The client sends protobuf JSON with the proto field names (useProtoFieldName).
      if (msg.workflow_run_backend_id !== RUN)
        return json(400, { code: 'invalid_argument', msg: 'wrong backend ids' });
      const method = twirp[1];
      if (method === 'CreateArtifact') {
        const name = String(msg.name);
        // The service refuses a second artifact of one name in a run (upload-artifact's
        // `overwrite` deletes the old one first).
        if (artifacts.some((a) => a.name === name && !a.deleted))
          return json(409, { code: 'already_exists', msg: `an artifact named ${name} exists` });
        if (opts.maxRetentionDays !== undefined && msg.expires_at !== undefined) {
          const days = (Date.parse(String(msg.expires_at)) - Date.now()) / 86_400_000;
          if (days > opts.maxRetentionDays + 1)
            return json(400, {
              code: 'invalid_argument',
              msg: `retention of ${Math.round(days)} days exceeds this repository's maximum of ${opts.maxRetentionDays} days`,
            });
        }
        const a: ReceivedArtifact = {
          id: nextId++,
          name,
          createdAt: new Date((clock += 1000)).toISOString(),
          workflowRunBackendId: RUN,
          workflowJobRunBackendId: String(msg.workflow_job_run_backend_id),
          ...(msg.mime_type !== undefined ? { mimeType: String(msg.mime_type) } : {}),
          ...(msg.expires_at !== undefined ? { expiresAt: String(msg.expires_at) } : {}),
          ...(msg.version !== undefined ? { version: Number(msg.version) } : {}),
        };
        artifacts.push(a);
        return json(200, {
          ok: true,
          signedUploadUrl: `http://127.0.0.1:${port}/blob/${a.id}?sig=local`,
        });
      }
      const byName = (name: unknown) =>
        artifacts.filter((x) => x.name === String(name) && !x.deleted).at(-1);
      if (method === 'FinalizeArtifact') {
        const a = byName(msg.name);
        if (!a) return json(404, { code: 'not_found', msg: 'no such artifact' });
        a.finalized = {
          size: String(msg.size),
          ...(msg.hash !== undefined ? { hash: String(msg.hash) } : {}),
        };
        return json(200, { ok: true, artifactId: String(a.id) });
      }
      if (method === 'ListArtifacts') {
        const list = live().filter(
          (a) =>
            (msg.name_filter === undefined || a.name === String(msg.name_filter)) &&
            (msg.id_filter === undefined || String(a.id) === String(msg.id_filter)),
        );
        return json(200, {
          artifacts: list.map((a) => ({
            workflowRunBackendId: a.workflowRunBackendId,
            workflowJobRunBackendId: a.workflowJobRunBackendId,
            databaseId: String(a.id),
            name: a.name,
            size: a.finalized!.size,
            createdAt: a.createdAt,
            ...(a.finalized!.hash ? { digest: a.finalized!.hash } : {}),
          })),
        });
      }
      if (method === 'GetSignedArtifactURL') {
        const a = live()
          .filter((x) => x.name === String(msg.name))
          .at(-1);
        if (!a) return json(404, { code: 'not_found', msg: 'no such artifact' });
        return json(200, { signedUrl: `http://127.0.0.1:${port}/blob/${a.id}?sig=local-read` });
      }
      if (method === 'DeleteArtifact') {
        const a = byName(msg.name);
        if (!a) return json(404, { code: 'not_found', msg: 'no such artifact' });
        a.deleted = true;
        return json(200, { ok: true, artifactId: String(a.id) });
      }
      return json(404, { code: 'bad_route', msg: method });
    }
    const blob = /^\/blob\/(\d+)$/.exec(url.pathname);
    const a = blob ? artifacts.find((x) => x.id === Number(blob[1])) : undefined;
    if (req.method === 'GET' && a) {
      if (!a.finalized || a.deleted || !a.content) {
        res.writeHead(404);
        return res.end();
      }
      // What the blob store answers: the content type the artifact was created with (zip for
      // an archived artifact) and the artifact's name as the file name.
      const contentType = a.mimeType ?? 'application/zip';
      downloads.push({ name: a.name, contentType });
      res.writeHead(200, {
        'content-type': contentType,
        'content-length': String(a.content.length),
        'content-disposition': `attachment; filename="${a.name}"; filename*=UTF-8''${encodeURIComponent(a.name)}`,
      });
      return res.end(a.content);
    }
    if (req.method === 'PUT' && a) {
      const comp = url.searchParams.get('comp');
      const headers = {
        'x-ms-request-id': 'local',
        'x-ms-version': '2025-01-05',
        etag: '"local"',
        'last-modified': new Date(0).toUTCString(),
      };
      if (comp === 'block') {
        const id = url.searchParams.get('blockid')!;
        if (!blocks.has(a.id)) blocks.set(a.id, new Map());
        blocks.get(a.id)!.set(id, data);
        res.writeHead(201, headers);
        return res.end();
      }
      if (comp === 'blocklist') {
        const ids = [
          ...data.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]+)<\//g),
        ].map((m) => m[1]!);
        a.content = Buffer.concat(ids.map((id) => blocks.get(a.id)?.get(id) ?? Buffer.alloc(0)));
        res.writeHead(201, headers);
        return res.end();
      }
      // A single-shot PUT of the whole blob (small uploads).
      a.content = data;
      res.writeHead(201, headers);
      return res.end();
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ scp: `Actions.ExampleScope Actions.Results:${RUN}:${JOB}` })}.sig`;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    artifacts,
    live,
    downloads,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
