/**
 * HTTP for setup-go: the releases index as text, and archives streamed to disk while their sha256
 * is computed (no second read of 100+ MB before extracting). Through @actions/http-client, so the
 * runner's proxy settings apply; retried per retry.ts; failures end as one-line UserErrors.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { HttpClient } from '@actions/http-client';
import { UserError, errorMessage } from '../runner/errors.js';
import { shownUrl, splitCredentials } from './url-credentials.js';
import {
  DEFAULT_RETRY,
  HttpStatusError,
  TruncatedError,
  isTransient,
  withRetry,
  type RetryHooks,
  type RetryPolicy,
} from './retry.js';

export interface FetchOptions {
  retry?: RetryPolicy;
  hooks?: RetryHooks;
  /** Where the URL came from, for messages: "go-download-base-url", "GO_DOWNLOAD_BASE_URL". */
  source?: string;
}

export interface Downloaded {
  sha256: string;
  size: number;
}

function client(): HttpClient {
  // Retries are ours (retry.ts): the client's own would retry a 404 body read and hide the cause.
  return new HttpClient('winship-setup-go', [], {
    allowRetries: false,
    socketTimeout: 60_000,
    keepAlive: false,
  });
}

/**
 * GET with the URL's credentials (if any) as a Basic Authorization header rather than in the URL:
 * the client would drop them, and a header given here is dropped on a redirect to another host.
 */
function get(raw: string) {
  const { url, basic } = splitCredentials(raw);
  return client().get(
    url,
    basic ? { authorization: `Basic ${Buffer.from(basic).toString('base64')}` } : {},
  );
}

/** GET a small document (the index) as text. */
export async function fetchText(url: string, opts: FetchOptions = {}): Promise<string> {
  try {
    return await withRetry(
      async () => {
        const res = await get(url);
        const status = res.message.statusCode ?? 0;
        const body = await res.readBody();
        if (status !== 200) throw new HttpStatusError(status, url);
        return body;
      },
      opts.retry ?? DEFAULT_RETRY,
      opts.hooks,
    );
  } catch (err) {
    throw asUserError(err, url, undefined, opts);
  }
}

/** Streams `url` into `dest`, hashing on the way; `dest` is removed when the download fails. */
export async function downloadFile(
  url: string,
  dest: string,
  filename: string,
  opts: FetchOptions = {},
): Promise<Downloaded> {
  try {
    return await withRetry(
      async () => {
        try {
          return await downloadOnce(url, dest);
        } catch (err) {
          rmSync(dest, { force: true });
          throw err;
        }
      },
      opts.retry ?? DEFAULT_RETRY,
      opts.hooks,
    );
  } catch (err) {
    throw asUserError(err, url, filename, opts);
  }
}

async function downloadOnce(url: string, dest: string): Promise<Downloaded> {
  const res = await get(url);
  const status = res.message.statusCode ?? 0;
  if (status !== 200) {
    res.message.resume();
    throw new HttpStatusError(status, url);
  }
  const expected = Number(res.message.headers['content-length'] ?? NaN);
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(
    res.message,
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    },
    createWriteStream(dest),
  );
  if (Number.isFinite(expected) && size !== expected) throw new TruncatedError(size, expected);
  return { sha256: hash.digest('hex'), size };
}

/**
 * One line that says what failed, where, and what to check. `archive` is the file name of an
 * archive download; undefined for the index. Credentials in the URL are never shown.
 */
export function asUserError(
  err: unknown,
  url: string,
  archive: string | undefined,
  opts: FetchOptions = {},
): UserError {
  return new UserError(shownUrl(failureMessage(err, shownUrl(url), archive, opts)));
}

function failureMessage(
  err: unknown,
  url: string,
  archive: string | undefined,
  opts: FetchOptions,
): string {
  const source = opts.source ?? 'go-download-base-url';
  const attempts = (opts.retry ?? DEFAULT_RETRY).attempts;
  const what = archive ?? 'the Go releases index';
  if (err instanceof HttpStatusError) {
    if (err.status === 401 || err.status === 403)
      return `${url} answers HTTP ${err.status} for ${what}: the mirror wants credentials it did not get or refuses them; check ${source} (credentials go in the URL, https://user:password@host/path, and are sent as Basic auth)`;
    if (isTransient(err))
      return `Downloading ${what} from ${url} failed after ${attempts} attempts (HTTP ${err.status}): the server is failing, retry the job later`;
    if (archive === undefined)
      return `No Go releases index at ${url} (HTTP ${err.status}): check ${source} points at a Go download mirror`;
    return `The releases index lists ${archive} but ${url} answers HTTP ${err.status}: the mirror is missing that file`;
  }
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_NONAME') {
    const origin = safeOrigin(url);
    return `Cannot reach the Go download server ${origin} (${code}): check ${source} and the runner's network or proxy`;
  }
  if (isTransient(err))
    return `Downloading ${what} from ${url} failed after ${attempts} attempts: ${errorMessage(err)}`;
  return `Downloading ${what} from ${url} failed: ${errorMessage(err)}`;
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
