/**
 * The release inputs of actions/build (and the root action): `release`, `release-draft`,
 * `release-notes-file` and `github-token`, plus where GitHub is (GITHUB_API_URL, GITHUB_SERVER_URL,
 * GITHUB_REPOSITORY, GITHUB_REF). Pure: inputs and environment in, one configuration out.
 */
import { InputError } from '../runner/errors.js';
import type { Inputs } from '../runner/inputs.js';

export interface ReleaseConfig {
  draft: boolean;
  token: string;
  apiUrl: string;
  serverUrl: string;
  owner: string;
  repo: string;
  ref?: string;
  /** Relative to the working directory; its section for the version becomes the notes. */
  notesFile: string;
}

export const RELEASE_OUTPUTS = {
  url: 'release-url',
  id: 'release-id',
  assets: 'release-assets',
} as const;

export function readReleaseConfig(
  inputs: Inputs,
  env: NodeJS.ProcessEnv,
  mode: string,
): ReleaseConfig | undefined {
  const enabled = inputs.boolean('release', false);
  const draft = inputs.boolean('release-draft', false);
  const token = inputs.secret('github-token');
  const notesFile = inputs.string('release-notes-file') || 'CHANGELOG.md';
  if (!enabled) {
    if (draft) throw new InputError('release-draft', 'has no effect without release: true');
    return undefined;
  }
  if (mode === 'plan')
    throw new InputError('release', 'is for mode: build or merge (mode: plan builds nothing)');
  if (token === '')
    throw new InputError(
      'github-token',
      'is empty: a release needs a token with contents: write (the default is the workflow token, ${{ github.token }})',
    );
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(env.GITHUB_REPOSITORY ?? '');
  if (!m)
    throw new InputError('release', 'needs GITHUB_REPOSITORY (owner/name), which the runner sets');
  return {
    draft,
    token,
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
    owner: m[1]!,
    repo: m[2]!,
    ...(env.GITHUB_REF ? { ref: env.GITHUB_REF } : {}),
    notesFile,
  };
}
