/**
 * The part of the GitHub REST API the workflows reach, on 127.0.0.1 (GITHUB_API_URL): a pull
 * request's issue comments (list, create, update), which bench-gate uses for its report. Every
 * request is recorded with its token, so a test sees what would have been posted.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Comment {
  id: number;
  issue: number;
  body: string;
}

export interface LocalGitHubApi {
  url: string;
  comments: Comment[];
  requests: { method: string; path: string; authorization?: string }[];
  close(): Promise<void>;
}

export async function startLocalGitHubApi(): Promise<LocalGitHubApi> {
  const comments: Comment[] = [];
  const requests: LocalGitHubApi['requests'] = [];
  let nextId = 1000;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      requests.push({
        method: req.method ?? '',
        path,
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      });
      const json = (status: number, v: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(v));
      };
      const body = chunks.length
        ? (JSON.parse(Buffer.concat(chunks).toString()) as { body?: string })
        : {};
      let m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(path);
      if (m && req.method === 'GET')
        return json(
          200,
          comments
            .filter((c) => c.issue === Number(m![1]))
            .map((c) => ({ id: c.id, body: c.body })),
        );
      if (m && req.method === 'POST') {
        const c = { id: nextId++, issue: Number(m[1]), body: body.body ?? '' };
        comments.push(c);
        return json(201, { id: c.id, body: c.body });
      }
      m = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(path);
      const existing = m ? comments.find((c) => c.id === Number(m![1])) : undefined;
      if (existing && req.method === 'PATCH') {
        existing.body = body.body ?? '';
        return json(200, { id: existing.id, body: existing.body });
      }
      json(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    comments,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
