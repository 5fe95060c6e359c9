/**
 * actions/upload-artifact and actions/download-artifact as small adapters over the real
 * @actions/artifact client (this repository's copy, the one upload-artifact@v7 and
 * download-artifact@v8 ship), talking to the local artifact service. They follow those actions'
 * own source, major by major, where the majors differ:
 * - upload-artifact: `archive` (v7 and later: `false` uploads one file as-is, named after the
 *   file), `overwrite` (deletes the old artifact first), `retention-days` (0 or empty: the
 *   repository's default), `compression-level`, `include-hidden-files`, `if-no-files-found`;
 *   outputs artifact-id, artifact-url, artifact-digest.
 * - download-artifact: `name`, `pattern` (minimatch over the run's artifacts), `path`,
 *   `merge-multiple`; v8 leaves the decision to unzip to the client (by the response's content
 *   type) and takes `skip-decompress`; v4 to v7 (clients 2.x to 5.x) pipe every download through
 *   unzip-stream, whatever it is, which is reproduced here with the same library.
 * The client reads its configuration from process.env, so each call runs with the step's
 * environment swapped in (steps run one at a time).
 */
import { createReadStream, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { Minimatch } from 'minimatch';
import unzip from 'unzip-stream';

export interface AdapterContext {
  major: number;
  inputs: Record<string, string>;
  env: Record<string, string>;
  workspace: string;
  /** server URL, repository and run id, for artifact-url. */
  github: { serverUrl: string; repository: string; runId: string };
  log(line: string): void;
  warning(line: string): void;
}

export class StepFailure extends Error {}

async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  for (const k of Object.keys(process.env))
    if (/^(ACTIONS_|GITHUB_|RUNNER_)/.test(k)) delete process.env[k];
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

function bool(inputs: Record<string, string>, name: string, def: boolean): boolean {
  const v = (inputs[name] ?? '').trim();
  if (v === '') return def;
  // @actions/core's getBooleanInput: the YAML 1.2 core schema's booleans, nothing else.
  if (['true', 'True', 'TRUE'].includes(v)) return true;
  if (['false', 'False', 'FALSE'].includes(v)) return false;
  throw new StepFailure(
    `Input does not meet YAML 1.2 "Core Schema" specification: ${name}\nSupport boolean input list: \`true | True | TRUE | false | False | FALSE\``,
  );
}

function lca(paths: string[]): string {
  const split = paths.map((p) => normalize(p).split(sep));
  const common: string[] = [];
  for (let i = 0; i < Math.min(...split.map((s) => s.length)); i++) {
    const c = split[0]![i]!;
    if (split.some((s) => s[i] !== c)) break;
    common.push(c);
  }
  return common.join(sep) || sep;
}

export async function uploadArtifact(ctx: AdapterContext): Promise<Record<string, string>> {
  const { inputs } = ctx;
  const path = inputs.path ?? '';
  if (path.trim() === '') throw new StepFailure('Input required and not supplied: path');
  const archive = ctx.major >= 7 ? bool(inputs, 'archive', true) : true;
  if (ctx.major < 7 && inputs.archive !== undefined)
    ctx.warning(`Unexpected input(s) 'archive' (upload-artifact@v${ctx.major} has none)`);
  const overwrite = bool(inputs, 'overwrite', false);
  const hidden = bool(inputs, 'include-hidden-files', false);
  const ifNone = inputs['if-no-files-found'] || 'warn';
  if (!['warn', 'error', 'ignore'].includes(ifNone))
    throw new StepFailure(`Unrecognized if-no-files-found input. Provided: ${ifNone}.`);
  // Relative patterns are rooted at the step's working directory (the workspace).
  const pattern = path
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => {
      const neg = l.startsWith('!');
      const p = neg ? l.slice(1) : l;
      return (neg ? '!' : '') + (isAbsolute(p) ? p : join(ctx.workspace, p));
    })
    .join('\n');
  const glob = await import('@actions/glob');
  const globber = await glob.create(pattern, {
    followSymbolicLinks: true,
    implicitDescendants: true,
    omitBrokenSymbolicLinks: true,
    excludeHiddenFiles: !hidden,
  });
  const files = (await globber.glob()).filter((f) => !statSync(f).isDirectory());
  if (files.length === 0) {
    const msg = `No files were found with the provided path: ${path}. No artifacts will be uploaded.`;
    if (ifNone === 'error') throw new StepFailure(msg);
    if (ifNone === 'warn') ctx.warning(msg);
    else ctx.log(msg);
    return {};
  }
  const searchPaths = globber.getSearchPaths();
  let root: string;
  if (searchPaths.length > 1) root = lca(searchPaths);
  else {
    const only = searchPaths[0]!;
    root = files.length === 1 && files[0] === only ? dirname(only) : only;
  }
  if (!archive && files.length > 1)
    throw new StepFailure(
      `When 'archive' is set to false, only a single file can be uploaded. Found ${files.length} files to upload.`,
    );
  const name = archive ? inputs.name || 'artifact' : basename(files[0]!);
  const options: { retentionDays?: number; compressionLevel?: number; skipArchive?: boolean } = {};
  const days = (inputs['retention-days'] ?? '').trim();
  if (days) {
    const n = parseInt(days, 10);
    if (isNaN(n)) throw new StepFailure('Invalid retention-days');
    // 0 is falsy: the repository's default, as the action's `if (inputs.retentionDays)`.
    if (n) options.retentionDays = n;
  }
  const level = (inputs['compression-level'] ?? '6').trim();
  if (level) {
    const n = parseInt(level, 10);
    if (isNaN(n) || n < 0 || n > 9)
      throw new StepFailure('Invalid compression-level. Valid values are 0-9');
    options.compressionLevel = n;
  }
  if (!archive) options.skipArchive = true;
  return withEnv(ctx.env, async () => {
    const { DefaultArtifactClient, ArtifactNotFoundError } = await import('@actions/artifact');
    const client = new DefaultArtifactClient();
    if (overwrite) {
      try {
        await client.deleteArtifact(name);
      } catch (e) {
        if (!(e instanceof ArtifactNotFoundError))
          ctx.log(`Unable to delete artifact: ${String(e)}`);
      }
    }
    const r = await client.uploadArtifact(name, files, root, options);
    ctx.log(
      `Artifact ${name} has been successfully uploaded! Final size is ${r.size} bytes. Artifact ID is ${r.id}`,
    );
    const url = `${ctx.github.serverUrl}/${ctx.github.repository}/actions/runs/${ctx.github.runId}/artifacts/${r.id}`;
    return {
      'artifact-id': String(r.id ?? ''),
      'artifact-digest': r.digest ?? '',
      'artifact-url': url,
    };
  });
}

/** Pipes a downloaded file through unzip-stream, as the 2.x-5.x clients pipe every download. */
function unzipLikeOldClients(file: string, into: string): Promise<void> {
  return new Promise((res, rej) => {
    createReadStream(file)
      .pipe(unzip.Extract({ path: into }))
      .on('close', () => res())
      .on('error', rej);
  });
}

export async function downloadArtifact(ctx: AdapterContext): Promise<Record<string, string>> {
  const { inputs } = ctx;
  if (ctx.major < 8 && inputs['skip-decompress'] !== undefined)
    ctx.warning(`Unexpected input(s) 'skip-decompress' (download-artifact@v${ctx.major} has none)`);
  const mergeMultiple = bool(inputs, 'merge-multiple', false);
  const skipDecompress = ctx.major >= 8 ? bool(inputs, 'skip-decompress', false) : false;
  const name = inputs.name ?? '';
  const pattern = inputs.pattern ?? '';
  const target = resolve(ctx.workspace, inputs.path || ctx.workspace);
  return withEnv(ctx.env, async () => {
    const { DefaultArtifactClient } = await import('@actions/artifact');
    const client = new DefaultArtifactClient();
    let artifacts: { id: number; name: string; digest?: string }[];
    if (name) {
      const { artifact } = await client.getArtifact(name);
      artifacts = [artifact];
    } else {
      artifacts = (await client.listArtifacts({ latest: true })).artifacts;
      if (pattern) {
        const m = new Minimatch(pattern);
        artifacts = artifacts.filter((a) => m.match(a.name));
      }
    }
    const single = !!name;
    for (const a of artifacts) {
      const dest =
        single || mergeMultiple || artifacts.length === 1 ? target : join(target, a.name);
      mkdirSync(dest, { recursive: true });
      if (ctx.major >= 8) {
        const r = await client.downloadArtifact(a.id, {
          path: dest,
          ...(a.digest ? { expectedHash: a.digest } : {}),
          skipDecompress,
        });
        if (r.digestMismatch)
          throw new StepFailure(`Digest validation failed for artifact(s): ${a.name}.`);
      } else {
        const tmp = mkdtempSync(join(tmpdir(), 'winship-dl-'));
        try {
          await client.downloadArtifact(a.id, { path: tmp, skipDecompress: true });
          const [file] = readdirSync(tmp);
          try {
            await unzipLikeOldClients(join(tmp, file!), dest);
          } catch (e) {
            throw new StepFailure(
              `Unable to download artifact(s): Unable to download and extract artifact: ${(e as Error).message}`,
            );
          }
        } finally {
          rmSync(tmp, { recursive: true, force: true });
        }
      }
      ctx.log(`Downloaded ${a.name} into ${dest}`);
    }
    ctx.log(`Total of ${artifacts.length} artifact(s) downloaded`);
    return { 'download-path': target };
  });
}
