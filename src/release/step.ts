/**
 * The release step after a build: for a version tag, the notes (CHANGELOG.md's section, or the
 * commits since the previous tag) with a Checksums section, then the GitHub Release created or
 * updated with the build's archives, SHA256SUMS and manifest.json. Not a tag: said, and skipped.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { BuildResult } from '../build/pipeline.js';
import type { RunnerIO } from '../runner/io.js';
import type { LocalAsset, ReleaseApi } from './api.js';
import { RELEASE_OUTPUTS, type ReleaseConfig } from './config.js';
import { readReleaseHistory } from './git.js';
import { octokitReleaseApi } from './github.js';
import { releaseNotes } from './notes.js';
import { publishRelease } from './publish.js';
import { releaseTagOf } from './tag.js';

export interface ReleaseStepDeps {
  io: RunnerIO;
  /** The working directory: the git checkout, where CHANGELOG.md is. */
  cwd: string;
  /** The API; default octokit against config.apiUrl. */
  api?: ReleaseApi;
}

export function contentTypeOf(name: string): string {
  if (name.endsWith('.zip')) return 'application/zip';
  if (name.endsWith('.tar.gz') || name.endsWith('.tgz')) return 'application/gzip';
  if (name.endsWith('.json')) return 'application/json';
  if (name.endsWith('.exe')) return 'application/vnd.microsoft.portable-executable';
  if (name === 'SHA256SUMS' || name.endsWith('.txt')) return 'text/plain';
  return 'application/octet-stream';
}

export async function runReleaseStep(
  config: ReleaseConfig,
  built: BuildResult,
  deps: ReleaseStepDeps,
): Promise<void> {
  const { io } = deps;
  const tag = releaseTagOf(config.ref);
  if ('none' in tag) {
    io.info(`release: true, but ${tag.none}: no release is made`);
    return;
  }
  if (tag.version !== built.manifest.version)
    io.warning(
      `tag ${tag.tag} names version ${tag.version} but the build is ${built.manifest.version}`,
    );
  const assets: LocalAsset[] = built.release.files.map((f) => ({
    name: f.file,
    path: f.path,
    size: f.size,
    sha256: f.sha256,
    contentType: contentTypeOf(f.file),
  }));
  const history = await readReleaseHistory(deps.cwd, tag.tag);
  const notesPath = isAbsolute(config.notesFile)
    ? config.notesFile
    : join(deps.cwd, config.notesFile);
  const changelog = existsSync(notesPath) ? await readFile(notesPath, 'utf8') : undefined;
  const notes = releaseNotes({
    version: tag.version,
    ...(changelog !== undefined ? { changelog, changelogName: config.notesFile } : {}),
    commits: history.commits,
    ...(history.previousTag ? { previousTag: history.previousTag } : {}),
    assets: assets.map((a) => ({ name: a.name, sha256: a.sha256 })),
    compareUrl: history.previousTag
      ? `${config.serverUrl.replace(/\/+$/, '')}/${config.owner}/${config.repo}/compare/${history.previousTag}...${tag.tag}`
      : undefined,
  });
  if (notes.source === 'commits' && history.shallow)
    io.warning(
      'the checkout is shallow, so the release notes cannot list the commits since the previous tag: check out with fetch-depth: 0',
    );
  io.info(
    `Release notes from ${notes.source === 'changelog' ? `${config.notesFile}, section ${tag.version}` : `${history.commits.length} commit(s)${history.previousTag ? ` since ${history.previousTag}` : ''}`}`,
  );
  const api =
    deps.api ??
    (await octokitReleaseApi(
      { token: config.token, apiUrl: config.apiUrl, owner: config.owner, repo: config.repo },
      (m) => io.info(m),
    ));
  const r = await publishRelease(
    {
      fields: {
        tag_name: tag.tag,
        name: `${built.manifest.name} ${tag.version}`,
        body: notes.body,
        draft: config.draft,
        prerelease: tag.prerelease,
      },
      assets,
    },
    api,
    (m) => io.info(m),
  );
  io.output(RELEASE_OUTPUTS.url, r.url);
  io.output(RELEASE_OUTPUTS.id, String(r.id));
  io.output(RELEASE_OUTPUTS.assets, JSON.stringify(r.assets.map((a) => a.url)));
  await io.summary(
    `### Release ${tag.tag}${config.draft ? ' (draft)' : ''}${tag.prerelease ? ' (pre-release)' : ''}\n\n` +
      `[${r.url}](${r.url}): ${r.created ? 'created' : 'updated'}, ${r.assets.length} assets` +
      `${r.replaced.length ? ` (${r.replaced.length} replaced)` : ''}.\n\n` +
      r.assets.map((a) => `- [${a.name}](${a.url})`).join('\n') +
      '\n',
  );
}
