/**
 * Health checks after a start, as seen from the host: an HTTP(S) GET expecting 2xx, a TCP connect,
 * or the service state alone. Connections go through `executor.openTcp`, so `127.0.0.1` means the
 * host's loopback even when the host is reached over SSH.
 *
 * HTTPS checks do not verify the certificate: the check asks "does the new release answer", over
 * the host's own loopback, and services often use certificates for their public name only.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import type { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import type { Executor } from '../hosts/executor.js';
import { UserError } from '../runner/errors.js';
import { sleep } from '../runner/time.js';
import type { HealthSpec } from './types.js';

export function validateHealthSpec(spec: HealthSpec): HealthSpec {
  if (!['http', 'tcp', 'service'].includes(spec.kind))
    throw new UserError(
      `Invalid health check kind '${String(spec.kind)}': use http, tcp or service`,
    );
  if (spec.kind === 'http') {
    let url: URL;
    try {
      url = new URL(spec.url ?? '');
    } catch {
      throw new UserError(
        `Invalid health URL '${spec.url ?? ''}': use http(s)://host:port/path as seen from the host, e.g. http://127.0.0.1:8080/healthz`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new UserError(
        `Invalid health URL '${spec.url ?? ''}': only http and https are supported`,
      );
    if (url.username || url.password)
      throw new UserError(
        `Invalid health URL '${spec.url ?? ''}': credentials in the URL are not allowed`,
      );
  }
  if (
    spec.kind === 'tcp' &&
    !(Number.isInteger(spec.port) && (spec.port ?? 0) > 0 && (spec.port ?? 0) < 65536)
  )
    throw new UserError(`Invalid health port '${String(spec.port)}': use 1 to 65535`);
  if (!(spec.timeoutSeconds > 0))
    throw new UserError(`Invalid health timeout ${spec.timeoutSeconds}: use seconds above 0`);
  if (!(spec.intervalSeconds >= 0))
    throw new UserError(`Invalid health interval ${spec.intervalSeconds}: use seconds from 0`);
  if (!Number.isInteger(spec.retries) || spec.retries < 0)
    throw new UserError(`Invalid health retries ${spec.retries}: use a whole number from 0`);
  return spec;
}

export interface ProbeResult {
  ok: boolean;
  detail: string;
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      onTimeout();
      reject(new Error(`no answer within ${ms / 1000} s`));
    }, ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

async function probeHttp(exec: Executor, spec: HealthSpec): Promise<ProbeResult> {
  const url = new URL(spec.url ?? '');
  const https = url.protocol === 'https:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (https ? 443 : 80));
  let stream: Duplex | undefined;
  const attempt = async (): Promise<ProbeResult> => {
    stream = await exec.openTcp(host, port);
    const socket = https
      ? tlsConnect({
          socket: stream,
          servername: /^[\d.:]+$/.test(host) ? undefined : host,
          rejectUnauthorized: false,
        })
      : stream;
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = (https ? httpsRequest : httpRequest)(
        {
          method: 'GET',
          host: url.hostname,
          port,
          path: `${url.pathname}${url.search}`,
          headers: { 'user-agent': 'winship-health', connection: 'close' },
          createConnection: () => socket as Socket,
        },
        (r: IncomingMessage) => {
          let body = '';
          r.setEncoding('utf8');
          r.on('data', (c: string) => {
            if (body.length < 65536) body += c;
          });
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
          r.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
    if (res.status < 200 || res.status > 299)
      return { ok: false, detail: `HTTP ${res.status} from ${url.href}` };
    if (spec.expectVersion !== undefined) {
      const mismatch = versionMismatch(res.body, spec.expectVersion);
      if (mismatch)
        return { ok: false, detail: `HTTP ${res.status} from ${url.href} but ${mismatch}` };
    }
    return { ok: true, detail: `HTTP ${res.status} from ${url.href}` };
  };
  try {
    return await withTimeout(attempt(), spec.timeoutSeconds * 1000, () => stream?.destroy());
  } catch (e) {
    return { ok: false, detail: `${url.href}: ${(e as Error).message}` };
  } finally {
    stream?.destroy();
  }
}

/** A version as one token: what may stand next to it without making it another version. */
const TOKEN = /[A-Za-z0-9._+~-]+/g;
const sameVersion = (found: string, want: string) =>
  found === want || found.replace(/^v(?=\d)/, '') === want.replace(/^v(?=\d)/, '');

/**
 * Why `body` does not name release `version`, or undefined when it does. A JSON object's
 * top-level `version` field must be the version, whole (1.0.0-rc.1 is not 1.0.0, 1.2.10 is not
 * 1.2.1); any other body must hold it as a whole token. A leading `v` is ignored on both sides.
 */
export function versionMismatch(body: string, version: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  const field =
    json && typeof json === 'object' && !Array.isArray(json)
      ? (json as Record<string, unknown>).version
      : undefined;
  if (typeof field === 'string')
    return sameVersion(field, version)
      ? undefined
      : `it answers version '${field}', not '${version}'`;
  // A sentence may end right after the version: a trailing dot is not part of the token.
  const tokens = (body.match(TOKEN) ?? []).map((t) => t.replace(/\.+$/, ''));
  return tokens.some((t) => sameVersion(t, version))
    ? undefined
    : `the body does not hold '${version}' as a whole version`;
}

async function probeTcp(exec: Executor, spec: HealthSpec): Promise<ProbeResult> {
  const port = spec.port ?? 0;
  let stream: Duplex | undefined;
  try {
    stream = await withTimeout(
      exec.openTcp('127.0.0.1', port),
      spec.timeoutSeconds * 1000,
      () => undefined,
    );
    return { ok: true, detail: `TCP port ${port} accepts connections` };
  } catch (e) {
    return { ok: false, detail: `TCP port ${port}: ${(e as Error).message}` };
  } finally {
    stream?.destroy();
  }
}

/** One attempt of the check. `kind: 'service'` is judged by the caller's `isRunning`. */
export async function probe(
  exec: Executor,
  spec: HealthSpec,
  isRunning: () => Promise<boolean>,
): Promise<ProbeResult> {
  if (spec.kind === 'http') return probeHttp(exec, spec);
  if (spec.kind === 'tcp') return probeTcp(exec, spec);
  return (await isRunning())
    ? { ok: true, detail: 'the service is RUNNING' }
    : { ok: false, detail: 'the service is not RUNNING' };
}

export interface HealthOutcome {
  ok: boolean;
  attempts: number;
  seconds: number;
  detail: string;
}

/**
 * Up to 1 + retries attempts, `intervalSeconds` apart. Gives up early when the service is no
 * longer running: a release that exited will not become healthy.
 */
export async function checkHealth(
  exec: Executor,
  spec: HealthSpec,
  isRunning: () => Promise<boolean>,
): Promise<HealthOutcome> {
  const started = Date.now();
  let detail = '';
  for (let attempt = 1; attempt <= spec.retries + 1; attempt++) {
    const r = await probe(exec, spec, isRunning);
    detail = r.detail;
    if (r.ok)
      return { ok: true, attempts: attempt, seconds: (Date.now() - started) / 1000, detail };
    if (spec.kind !== 'service' && !(await isRunning()))
      return {
        ok: false,
        attempts: attempt,
        seconds: (Date.now() - started) / 1000,
        detail: `${detail}; the service is no longer running`,
      };
    if (attempt <= spec.retries) await sleep(spec.intervalSeconds * 1000);
  }
  return { ok: false, attempts: spec.retries + 1, seconds: (Date.now() - started) / 1000, detail };
}
