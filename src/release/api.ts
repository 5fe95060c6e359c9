/**
 * The GitHub Releases REST endpoints winship uses, as one small interface (the seam tests stand a
 * recorder behind), and the policy for its failures: 5xx, network errors and rate limits (primary
 * and secondary) are retried with back-off, honouring `retry-after`; a 403 that is not a rate
 * limit is a missing permission and says which one. Pure apart from the waiting.
 */
import { UserError, errorMessage } from '../runner/errors.js';

export interface ReleaseData {
  id: number;
  tag_name: string;
  name: string | null;
  body?: string | null;
  draft: boolean;
  prerelease: boolean;
  html_url: string;
  /** RFC 6570 template, `https://uploads.github.com/repos/o/r/releases/1/assets{?name,label}`. */
  upload_url: string;
}

export interface AssetData {
  id: number;
  name: string;
  size: number;
  browser_download_url: string;
}

export interface ReleaseFields {
  tag_name: string;
  name: string;
  body: string;
  draft: boolean;
  prerelease: boolean;
}

export interface LocalAsset {
  name: string;
  path: string;
  size: number;
  sha256: string;
  contentType: string;
}

export interface ReleaseApi {
  /** The release of a tag, drafts included (GitHub's by-tag endpoint does not return drafts). */
  findRelease(tag: string): Promise<ReleaseData | undefined>;
  createRelease(fields: ReleaseFields): Promise<ReleaseData>;
  updateRelease(id: number, fields: ReleaseFields): Promise<ReleaseData>;
  listAssets(releaseId: number): Promise<AssetData[]>;
  deleteAsset(assetId: number): Promise<void>;
  uploadAsset(release: ReleaseData, asset: LocalAsset): Promise<AssetData>;
}

/** What a failed request tells: its HTTP status (undefined for a network error) and headers. */
export interface HttpFailure {
  status?: number;
  message: string;
  headers: Record<string, string | undefined>;
}

export function httpFailure(err: unknown): HttpFailure {
  const e = err as {
    status?: unknown;
    message?: unknown;
    response?: { headers?: Record<string, unknown>; data?: { message?: unknown } };
  };
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(e?.response?.headers ?? {}))
    headers[k.toLowerCase()] = v === undefined ? undefined : String(v);
  const apiMessage = e?.response?.data?.message;
  return {
    ...(typeof e?.status === 'number' ? { status: e.status } : {}),
    message: typeof apiMessage === 'string' && apiMessage ? apiMessage : errorMessage(err),
    headers,
  };
}

export type FailureKind = 'retry' | 'permission' | 'fatal';

/** How long to wait before retrying, in ms, or the kind of failure it is. */
export function classifyFailure(
  f: HttpFailure,
  attempt: number,
  baseDelayMs: number,
): { kind: 'retry'; delayMs: number } | { kind: 'permission' | 'fatal' } {
  const retryAfter = Number(f.headers['retry-after']);
  const backoff = Math.min(baseDelayMs * 2 ** (attempt - 1), 30_000);
  const rateLimited =
    f.status === 429 ||
    (f.status === 403 &&
      (/secondary rate limit|rate limit exceeded|abuse/i.test(f.message) ||
        f.headers['retry-after'] !== undefined ||
        f.headers['x-ratelimit-remaining'] === '0'));
  if (rateLimited) {
    let delayMs = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : backoff;
    const reset = Number(f.headers['x-ratelimit-reset']);
    if (!(retryAfter >= 0) && f.headers['x-ratelimit-remaining'] === '0' && reset > 0)
      delayMs = Math.max(0, reset * 1000 - Date.now());
    // Secondary limits ask for at least a minute between bursts; never wait more than that here.
    return { kind: 'retry', delayMs: Math.min(Math.max(delayMs, baseDelayMs), 60_000) };
  }
  if (f.status === undefined || f.status >= 500) return { kind: 'retry', delayMs: backoff };
  if (f.status === 403) return { kind: 'permission' };
  return { kind: 'fatal' };
}

export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  log: (message: string) => void;
}

/** Runs `op`, retrying what classifyFailure says is worth retrying; `what` names it in messages. */
export async function withRetries<T>(
  what: string,
  op: () => Promise<T>,
  opts: RetryOptions,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (err instanceof UserError) throw err;
      const f = httpFailure(err);
      const c = classifyFailure(f, attempt, opts.baseDelayMs);
      const status = f.status !== undefined ? `HTTP ${f.status}` : 'no response';
      if (c.kind === 'permission')
        throw new UserError(
          `GitHub refused to ${what} (${status}: ${f.message}): the token needs permission to write releases; give the job \`permissions: contents: write\` (and pass github-token if it is not the workflow's own)`,
        );
      if (c.kind !== 'retry' || attempt >= opts.attempts)
        throw new ReleaseApiError(
          `could not ${what}${attempt > 1 ? ` after ${attempt} attempts` : ''} (${status}: ${f.message})`,
          f,
        );
      opts.log(
        `${what}: ${status} (${f.message}); retrying in ${Math.round(c.delayMs / 100) / 10} s`,
      );
      await opts.sleep(c.delayMs);
    }
  }
}

/** A request that failed for good; `failure` says how, for callers that decide on the status. */
export class ReleaseApiError extends UserError {
  constructor(
    message: string,
    readonly failure: HttpFailure,
  ) {
    super(message);
    this.name = 'ReleaseApiError';
  }
}
