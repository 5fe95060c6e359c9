/**
 * ReleaseApi over the GitHub REST API through @actions/github's octokit, loaded only when a
 * release is made (it is heavy). The API base is GITHUB_API_URL (GitHub Enterprise Server's
 * `https://HOST/api/v3`), and assets go to the `upload_url` the release itself names, so
 * Enterprise's upload endpoint is used without guessing it.
 */
import { readFile } from 'node:fs/promises';
import { sleep } from '../runner/time.js';
import {
  ReleaseApiError,
  withRetries,
  type AssetData,
  type ReleaseApi,
  type ReleaseData,
  type RetryOptions,
} from './api.js';

export interface GitHubTarget {
  token: string;
  apiUrl: string;
  owner: string;
  repo: string;
}

export async function octokitReleaseApi(
  target: GitHubTarget,
  log: (message: string) => void,
  retry: Partial<RetryOptions> = {},
): Promise<ReleaseApi> {
  const { getOctokit } = await import('@actions/github');
  const octokit = getOctokit(target.token, { baseUrl: target.apiUrl.replace(/\/+$/, '') });
  const { owner, repo } = target;
  const opts: RetryOptions = { attempts: 5, baseDelayMs: 1000, sleep, log, ...retry };
  const call = <T>(what: string, op: () => Promise<T>) => withRetries(what, op, opts);

  return {
    async findRelease(tag) {
      try {
        const { data } = await call(`read the release of tag ${tag}`, () =>
          octokit.rest.repos.getReleaseByTag({ owner, repo, tag }),
        );
        return data as ReleaseData;
      } catch (err) {
        if (!(err instanceof ReleaseApiError) || err.failure.status !== 404) throw err;
      }
      // Drafts have no by-tag lookup: they are found in the list (newest first).
      for (let page = 1; page <= 3; page++) {
        const { data } = await call('list the releases', () =>
          octokit.rest.repos.listReleases({ owner, repo, per_page: 100, page }),
        );
        const found = data.find((r) => r.tag_name === tag);
        if (found) return found as ReleaseData;
        if (data.length < 100) break;
      }
      return undefined;
    },
    async createRelease(fields) {
      const { data } = await call(`create the release ${fields.tag_name}`, () =>
        octokit.rest.repos.createRelease({ owner, repo, ...fields }),
      );
      return data as ReleaseData;
    },
    async updateRelease(id, fields) {
      const { data } = await call(`update the release ${fields.tag_name}`, () =>
        octokit.rest.repos.updateRelease({ owner, repo, release_id: id, ...fields }),
      );
      return data as ReleaseData;
    },
    async listAssets(releaseId) {
      const assets: AssetData[] = [];
      for (let page = 1; ; page++) {
        const { data } = await call('list the release assets', () =>
          octokit.rest.repos.listReleaseAssets({
            owner,
            repo,
            release_id: releaseId,
            per_page: 100,
            page,
          }),
        );
        assets.push(...(data as AssetData[]));
        if (data.length < 100) return assets;
      }
    },
    async deleteAsset(assetId) {
      await call(`delete release asset ${assetId}`, () =>
        octokit.rest.repos.deleteReleaseAsset({ owner, repo, asset_id: assetId }),
      );
    },
    async uploadAsset(release, asset) {
      const data = await readFile(asset.path);
      const res = await call(`upload ${asset.name}`, () =>
        octokit.request({
          method: 'POST',
          url: release.upload_url,
          name: asset.name,
          data,
          headers: { 'content-type': asset.contentType, 'content-length': data.length },
        }),
      );
      return res.data as AssetData;
    },
  };
}
