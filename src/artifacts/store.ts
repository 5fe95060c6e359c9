/**
 * Workflow artifacts behind a small interface. The real store calls @actions/artifact, imported
 * only when an upload or download happens, so actions that never touch artifacts stay light; the
 * tests hand in a recording client and check exactly what would reach the artifact service.
 */
import { errorMessage, UserError } from '../runner/errors.js';

export interface UploadRequest {
  /** Artifact name, unique within the workflow run. */
  name: string;
  /** Absolute paths. */
  files: string[];
  /** Paths inside the artifact are relative to this folder. */
  rootDirectory: string;
  /** Days to keep; undefined for the repository's default. */
  retentionDays?: number;
  /** zlib level 0..9 for the artifact's zip; unused when uploaded as-is. */
  compressionLevel?: number;
  /** Upload the single file as it is, not zipped; the artifact is then named after the file. */
  asIs?: boolean;
  /**
   * Delete an artifact of this name in the run first, as upload-artifact's `overwrite` does (the
   * service refuses a second artifact of one name): a re-run job replaces its artifacts.
   */
  overwrite?: boolean;
}

export interface UploadResult {
  name: string;
  id?: number;
  size?: number;
  /** SHA-256 (hex) of what was uploaded, as the client computed it. */
  digest?: string;
  /** The artifact's page: `<server>/<owner>/<repo>/actions/runs/<run id>/artifacts/<id>`. */
  url?: string;
}

export interface DownloadRequest {
  name: string;
  /** Folder to download into. */
  path: string;
  /** Another run's artifacts (deploy after build): needs a token with actions:read. */
  from?: { token: string; runId: number; owner: string; repo: string };
  /**
   * Save the artifact as the file it is, never unzipped. Default: when the name is a released
   * file's (`.zip`, `.tar.gz`, `.tgz`, `.exe`), which is how the build names an artifact it
   * uploads as-is; the client would otherwise unzip a `.zip` served as application/zip.
   */
  asIs?: boolean;
}

/** The build uploads a released file as-is under the file's own name. */
export function isAsIsArtifactName(name: string): boolean {
  return /\.(zip|tar\.gz|tgz|exe)$/i.test(name);
}

export interface DownloadResult {
  name: string;
  path: string;
}

export interface ArtifactStore {
  upload(req: UploadRequest): Promise<UploadResult>;
  download(req: DownloadRequest): Promise<DownloadResult>;
}

/** The part of @actions/artifact's ArtifactClient the store uses (structural, for test doubles). */
export interface ArtifactClientLike {
  uploadArtifact(
    name: string,
    files: string[],
    rootDirectory: string,
    options?: { retentionDays?: number; compressionLevel?: number; skipArchive?: boolean },
  ): Promise<{ id?: number; size?: number; digest?: string }>;
  deleteArtifact(name: string): Promise<{ id: number }>;
  getArtifact(
    name: string,
    options?: {
      findBy?: {
        token: string;
        workflowRunId: number;
        repositoryOwner: string;
        repositoryName: string;
      };
    },
  ): Promise<{ artifact: { id: number; name: string; digest?: string } }>;
  downloadArtifact(
    id: number,
    options?: {
      path?: string;
      expectedHash?: string;
      skipDecompress?: boolean;
      findBy?: {
        token: string;
        workflowRunId: number;
        repositoryOwner: string;
        repositoryName: string;
      };
    },
  ): Promise<{ downloadPath?: string; digestMismatch?: boolean }>;
}

/** Artifact names the service refuses (see @actions/artifact's name validation). */
const BAD_NAME = /["<>|*?:\\/\r\n]/;

/** Why the artifact service would refuse `name`, or undefined when it is fine. */
export function artifactNameProblem(name: string): string | undefined {
  if (name.trim() === '' || BAD_NAME.test(name))
    return 'it must not be empty or contain " : < > | * ? \\ / or line breaks';
  return undefined;
}

export function checkArtifactName(name: string): void {
  const problem = artifactNameProblem(name);
  if (problem) throw new UserError(`'${name}' is not a valid artifact name: ${problem}`);
}

/** Where the run's artifacts are shown: GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/RUN_ID. */
export interface RunLocation {
  serverUrl: string;
  repository: string;
  runId: string;
}

/** upload-artifact's `artifact-url`. */
export function artifactUrl(run: RunLocation, id: number): string {
  return `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}/artifacts/${id}`;
}

/** @actions/artifact's ArtifactNotFoundError, recognised by name (the client is loaded lazily). */
function isNotFound(err: unknown): boolean {
  return err instanceof Error && err.name === 'ArtifactNotFoundError';
}

export function storeFromClient(client: ArtifactClientLike, run?: RunLocation): ArtifactStore {
  return {
    async upload(req) {
      checkArtifactName(req.name);
      if (req.asIs && req.files.length !== 1)
        throw new Error('an artifact uploaded as-is has exactly one file');
      if (req.overwrite) {
        // As upload-artifact: none to delete is the usual case. Any other failure is said as
        // such here, not later as the service refusing a second artifact of that name.
        try {
          await client.deleteArtifact(req.name);
        } catch (err) {
          if (!isNotFound(err))
            throw new Error(
              `overwrite: deleting the existing artifact '${req.name}' failed: ${errorMessage(err)}`,
              { cause: err },
            );
        }
      }
      const options: { retentionDays?: number; compressionLevel?: number; skipArchive?: boolean } =
        {};
      if (req.retentionDays !== undefined) options.retentionDays = req.retentionDays;
      if (req.compressionLevel !== undefined) options.compressionLevel = req.compressionLevel;
      if (req.asIs) options.skipArchive = true;
      const r = await client.uploadArtifact(req.name, req.files, req.rootDirectory, options);
      const out: UploadResult = { name: req.name };
      if (r.id !== undefined) out.id = r.id;
      if (r.size !== undefined) out.size = r.size;
      if (r.digest !== undefined) out.digest = r.digest;
      if (r.id !== undefined && run) out.url = artifactUrl(run, r.id);
      return out;
    },
    async download(req) {
      checkArtifactName(req.name);
      const findBy = req.from
        ? {
            token: req.from.token,
            workflowRunId: req.from.runId,
            repositoryOwner: req.from.owner,
            repositoryName: req.from.repo,
          }
        : undefined;
      const { artifact } = await client.getArtifact(req.name, findBy ? { findBy } : undefined);
      const options: {
        path: string;
        expectedHash?: string;
        skipDecompress?: boolean;
        findBy?: typeof findBy;
      } = { path: req.path };
      if (artifact.digest) options.expectedHash = artifact.digest;
      if (req.asIs ?? isAsIsArtifactName(req.name)) options.skipDecompress = true;
      if (findBy) options.findBy = findBy;
      const r = await client.downloadArtifact(artifact.id, options);
      if (r.digestMismatch)
        throw new UserError(
          `artifact '${req.name}' did not match its recorded digest after download: re-run the job`,
        );
      return { name: req.name, path: r.downloadPath ?? req.path };
    },
  };
}

function runLocation(): RunLocation | undefined {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = process.env;
  if (!GITHUB_REPOSITORY || !GITHUB_RUN_ID) return undefined;
  return {
    serverUrl: GITHUB_SERVER_URL || 'https://github.com',
    repository: GITHUB_REPOSITORY,
    runId: GITHUB_RUN_ID,
  };
}

/** The store backed by the GitHub artifact service; @actions/artifact loads on first use. */
export function githubArtifactStore(): ArtifactStore {
  let store: Promise<ArtifactStore> | undefined;
  const real = () =>
    (store ??= import('@actions/artifact').then((m) =>
      storeFromClient(new m.DefaultArtifactClient(), runLocation()),
    ));
  return {
    upload: async (req) => (await real()).upload(req),
    download: async (req) => (await real()).download(req),
  };
}
