/**
 * A stand-in for the GitHub artifact service on 127.0.0.1, so the real @actions/artifact client in
 * the bundled action runs its real code path (Twirp calls and the Azure block-blob upload) and the
 * test can check exactly what arrived. It implements only what an upload uses: CreateArtifact,
 * the blob's block and block-list PUTs, and FinalizeArtifact. The service itself cannot run here.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedArtifact {
  name: string;
  mimeType?: string;
  expiresAt?: string;
  version?: number;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  content?: Buffer;
  finalized?: { size: string; hash?: string };
}

export interface LocalArtifactService {
  url: string;
  /** ACTIONS_RUNTIME_TOKEN for the run and job IDs below (a JWT the client decodes, unsigned). */
  token: string;
  artifacts: ReceivedArtifact[];
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

export async function startLocalArtifactService(): Promise<LocalArtifactService> {
  const artifacts: ReceivedArtifact[] = [];
  const blocks = new Map<string, Map<string, Buffer>>();
  let nextId = 1;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const data = await body(req);
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
      if (msg.workflow_run_backend_id !== RUN || msg.workflow_job_run_backend_id !== JOB)
        return json(400, { code: 'invalid_argument', msg: 'wrong backend ids' });
      if (twirp[1] === 'CreateArtifact') {
        const name = String(msg.name);
        if (artifacts.some((a) => a.name === name))
          return json(409, { code: 'already_exists', msg: 'exists' });
        const a: ReceivedArtifact = {
          name,
          workflowRunBackendId: RUN,
          workflowJobRunBackendId: JOB,
          ...(msg.mime_type !== undefined ? { mimeType: String(msg.mime_type) } : {}),
          ...(msg.expires_at !== undefined ? { expiresAt: String(msg.expires_at) } : {}),
          ...(msg.version !== undefined ? { version: Number(msg.version) } : {}),
        };
        artifacts.push(a);
        const port = (server.address() as AddressInfo).port;
        return json(200, {
          ok: true,
          signedUploadUrl: `http://127.0.0.1:${port}/blob/${encodeURIComponent(name)}?sig=local`,
        });
      }
      if (twirp[1] === 'FinalizeArtifact') {
        const a = artifacts.find((x) => x.name === msg.name);
        if (!a) return json(404, { code: 'not_found', msg: 'no such artifact' });
        a.finalized = {
          size: String(msg.size),
          ...(msg.hash !== undefined ? { hash: String(msg.hash) } : {}),
        };
        return json(200, { ok: true, artifactId: String(nextId++) });
      }
      return json(404, { code: 'bad_route', msg: twirp[1] });
    }
    const blob = /^\/blob\/(.+)$/.exec(url.pathname);
    if (req.method === 'PUT' && blob) {
      const name = decodeURIComponent(blob[1]!);
      const comp = url.searchParams.get('comp');
      const headers = {
        'x-ms-request-id': 'local',
        'x-ms-version': '2025-01-05',
        etag: '"local"',
        'last-modified': new Date(0).toUTCString(),
      };
      if (comp === 'block') {
        const id = url.searchParams.get('blockid')!;
        if (!blocks.has(name)) blocks.set(name, new Map());
        blocks.get(name)!.set(id, data);
        res.writeHead(201, headers);
        return res.end();
      }
      if (comp === 'blocklist') {
        const ids = [
          ...data.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]+)<\//g),
        ].map((m) => m[1]!);
        const a = artifacts.find((x) => x.name === name);
        if (a)
          a.content = Buffer.concat(ids.map((id) => blocks.get(name)?.get(id) ?? Buffer.alloc(0)));
        res.writeHead(201, headers);
        return res.end();
      }
      // A single-shot PUT of the whole blob (small uploads).
      const a = artifacts.find((x) => x.name === name);
      if (a) a.content = data;
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
