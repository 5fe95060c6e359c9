/**
 * Creates or updates the GitHub Release of a tag and attaches the assets: a re-run of the job finds
 * the release it made (drafts included) and replaces assets of the same name instead of adding
 * duplicates; assets the release has under other names are left alone.
 */
import { ReleaseApiError, type LocalAsset, type ReleaseApi, type ReleaseFields } from './api.js';

export interface PublishRequest {
  fields: ReleaseFields;
  assets: readonly LocalAsset[];
}

export interface PublishResult {
  id: number;
  url: string;
  created: boolean;
  assets: { name: string; url: string; size: number }[];
  replaced: string[];
}

export async function publishRelease(
  req: PublishRequest,
  api: ReleaseApi,
  log: (message: string) => void,
): Promise<PublishResult> {
  const names = new Set<string>();
  for (const a of req.assets) {
    if (names.has(a.name)) throw new Error(`asset ${a.name} is listed twice`);
    names.add(a.name);
  }
  const existing = await api.findRelease(req.fields.tag_name);
  const release = existing
    ? await api.updateRelease(existing.id, req.fields)
    : await api.createRelease(req.fields);
  log(
    `${existing ? 'Updated' : 'Created'} ${release.draft ? 'draft ' : ''}${release.prerelease ? 'pre-release' : 'release'} ${release.tag_name} (id ${release.id}): ${release.html_url}`,
  );
  const before = await api.listAssets(release.id);
  const replaced: string[] = [];
  const uploaded: PublishResult['assets'] = [];
  for (const asset of req.assets) {
    for (const old of before.filter((b) => b.name === asset.name)) {
      await api.deleteAsset(old.id);
      replaced.push(asset.name);
    }
    const started = performance.now();
    let a;
    try {
      a = await api.uploadAsset(release, asset);
    } catch (err) {
      // An upload cut off by a server error can leave a half-made asset of that name behind: the
      // retry then meets 422 already_exists. Remove it and upload once more.
      if (!(err instanceof ReleaseApiError) || err.failure.status !== 422) throw err;
      const stale = (await api.listAssets(release.id)).filter((b) => b.name === asset.name);
      if (stale.length === 0) throw err;
      for (const s of stale) await api.deleteAsset(s.id);
      a = await api.uploadAsset(release, asset);
    }
    log(
      `  ${asset.name}: ${asset.size} bytes in ${((performance.now() - started) / 1000).toFixed(2)} s${replaced.includes(asset.name) ? ' (replaced the previous one)' : ''}`,
    );
    uploaded.push({ name: a.name, url: a.browser_download_url, size: a.size });
  }
  return { id: release.id, url: release.html_url, created: !existing, assets: uploaded, replaced };
}
