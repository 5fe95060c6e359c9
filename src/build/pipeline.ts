/**
 * The build action as a list of named steps over one configuration, per mode:
 *   plan:  check inputs -> resolve targets, package and version -> emit the matrix
 *   build: ... -> compile, archive, checksum (in parallel) -> manifest -> upload -> summary
 *   merge: find the jobs' manifests -> verify files -> merged manifest + SHA256SUMS -> upload -> summary
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactStore, UploadRequest, UploadResult } from '../artifacts/store.js';
import { errorMessage, InputError, UserError } from '../runner/errors.js';
import type { RunnerIO } from '../runner/io.js';
import { compileAll, type TargetOutcome } from './compile.js';
import type { BuildConfig } from './config.js';
import { groupDiagnostics } from './diagnostics.js';
import { checksumsOf, makeManifest, type Manifest } from './manifest.js';
import { mergeBuilds } from './merge.js';
import { prepareBuild, checkDirectory, type PrepareEnv } from './prepare.js';
import { buildSummary, type TargetRow } from './summary.js';
import { matrixOf } from './targets.js';
import {
  CHECKSUMS_FILE,
  MANIFEST_FILE,
  MANIFEST_KEY,
  mergedUpload,
  planUploads,
  UploadPlanError,
  type UploadOptions,
} from './uploads.js';
import { describeCommand, type BuildPlan } from './plan.js';
import { openSigningForBuild, signingSummary } from './signing.js';
import { writeReleaseFiles, type ReleaseFiles } from './release-files.js';

/** The build's outputs, as declared in actions/build/action.yml (and the root action.yml). */
export const BUILD_OUTPUTS = {
  version: 'version',
  matrix: 'matrix',
  manifest: 'manifest',
  checksums: 'checksums',
  artifacts: 'artifacts',
  subjectChecksums: 'subject-checksums',
  artifactId: 'artifact-id',
  artifactUrl: 'artifact-url',
  artifactDigest: 'artifact-digest',
} as const;

/** What a build or merge leaves for the steps after it (the GitHub Release); undefined in plan mode. */
export interface BuildResult {
  manifest: Manifest;
  outputDirectory: string;
  release: ReleaseFiles;
}

export interface BuildDeps {
  io: RunnerIO;
  store: ArtifactStore;
  env: Omit<PrepareEnv, 'warn'> & { tmp?: string };
}

export async function runBuildAction(
  config: BuildConfig,
  deps: BuildDeps,
): Promise<BuildResult | undefined> {
  if (config.mode === 'merge') return runMerge(config, deps);
  const started = performance.now();
  const { io } = deps;
  const { plan, targets } = await prepareBuild(config, {
    ...deps.env,
    warn: (m) => io.warning(m),
  });
  for (const w of plan.warnings) io.warning(w);
  io.output(BUILD_OUTPUTS.version, plan.version.version);
  io.output(BUILD_OUTPUTS.matrix, JSON.stringify(matrixOf(targets)));
  io.info(
    `${plan.name} ${plan.version.version} (commit ${plan.version.commit.slice(0, 12)}, ${plan.version.date}): ` +
      `${targets.length} target${targets.length === 1 ? '' : 's'}, ${plan.parallel} at a time`,
  );
  if (config.mode === 'plan') {
    for (const t of plan.targets) io.info(`  ${t.target}: ${describeCommand(t)}`);
    await io.summary(
      `### Build plan: ${plan.name} ${plan.version.version}\n\n${targets.length} targets: ` +
        plan.targets.map((t) => `\`${t.target}\``).join(', ') +
        '\n',
    );
    return undefined;
  }

  const uploadOptions: UploadOptions = {
    outputDirectory: plan.outputDirectory,
    artifactName: config.artifactName,
    retentionDays: config.retentionDays,
    compressionLevel: config.compressionLevel,
    overwrite: config.overwrite,
  };
  // Artifact names are checked before building too: a clash found after the build wastes it.
  if (config.upload) planUploadsOrThrow(placeholderManifest(plan), uploadOptions);

  // The key is opened (and checked) before the first compile: a bad certificate wastes no build.
  const signing = config.signing
    ? await openSigningForBuild(config.signing, plan, { io, tmp: deps.env.tmp ?? tmpdir() })
    : undefined;
  const tmp = await mkdtemp(join(deps.env.tmp ?? tmpdir(), 'winship-build-'));
  let outcomes: TargetOutcome[];
  try {
    outcomes = await compileAll(plan, {
      cwd: config.workingDirectory,
      workspace: config.workspace,
      archiveFiles: config.archiveFiles,
      tmp,
      io,
      ...(signing ? { sign: signing.sign } : {}),
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
    await signing?.dispose();
  }

  const head = {
    name: plan.name,
    version: plan.version.version,
    commit: plan.version.commit,
    date: plan.version.date,
  };
  const rows: TargetRow[] = outcomes.map((o) =>
    o.ok
      ? {
          target: o.plan.target,
          ok: true,
          seconds: o.seconds,
          file: o.entry.archive?.file ?? o.entry.file,
          size: o.entry.archive?.size ?? o.entry.size,
          sha256: o.entry.archive?.sha256 ?? o.entry.sha256,
        }
      : { target: o.plan.target, ok: false, seconds: o.seconds },
  );
  const wall = (performance.now() - started) / 1000;
  const failed = outcomes.filter((o): o is Extract<TargetOutcome, { ok: false }> => !o.ok);
  if (failed.length > 0) {
    for (const g of groupDiagnostics(
      failed.map((f) => ({ target: f.plan.target, diagnostics: f.diagnostics })),
    )) {
      const props: { title: string; file?: string; line?: number; column?: number } = {
        title: `go build ${g.targets.join(', ')}`,
      };
      if (g.diagnostic.file) props.file = g.diagnostic.file;
      if (g.diagnostic.line) props.line = g.diagnostic.line;
      if (g.diagnostic.column) props.column = g.diagnostic.column;
      io.error(g.diagnostic.message, props);
    }
    await io.summary(buildSummary(head, rows, wall));
    throw new UserError(
      `${failed.length} of ${outcomes.length} targets failed to build: ${failed.map((f) => f.plan.target).join(', ')} ` +
        '(see the annotations); nothing was uploaded',
    );
  }

  const manifest = makeManifest(
    head,
    outcomes.map((o) => (o as Extract<TargetOutcome, { ok: true }>).entry),
  );
  const manifestPath = join(plan.outputDirectory, MANIFEST_FILE);
  const checksumsPath = join(plan.outputDirectory, CHECKSUMS_FILE);
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  await writeFile(checksumsPath, checksumsOf(manifest, 'all'));
  io.output(BUILD_OUTPUTS.manifest, manifestPath);
  io.output(BUILD_OUTPUTS.checksums, checksumsPath);
  const release = await releaseFilesOf(manifest, plan.outputDirectory, deps);

  const keys = [...manifest.targets.map((t) => t.target), MANIFEST_KEY];
  const uploaded = config.upload
    ? await uploadAll(deps, planUploadsOrThrow(manifest, uploadOptions), keys)
    : [];
  outputUploads(io, uploaded);
  await io.summary(buildSummary(head, rows, (performance.now() - started) / 1000));
  const signed = signingSummary(manifest);
  if (signed) await io.summary(signed);
  return { manifest, outputDirectory: plan.outputDirectory, release };
}

/** The release's files and the `subject-checksums` output, in a folder of their own under RUNNER_TEMP. */
async function releaseFilesOf(
  manifest: Manifest,
  outputDirectory: string,
  deps: BuildDeps,
): Promise<ReleaseFiles> {
  const dir = await mkdtemp(join(deps.env.tmp ?? tmpdir(), 'winship-release-files-'));
  const files = await writeReleaseFiles(manifest, outputDirectory, dir);
  deps.io.output(BUILD_OUTPUTS.subjectChecksums, files.subjectChecksums);
  return files;
}

function planUploadsOrThrow(manifest: Manifest, opts: UploadOptions): UploadRequest[] {
  try {
    return planUploads(manifest, opts);
  } catch (err) {
    if (err instanceof UploadPlanError) throw new InputError('artifact-name', err.message);
    throw err;
  }
}

/** The manifest's shape before anything is built (names only), to check artifact names early. */
function placeholderManifest(plan: BuildPlan): Manifest {
  const v = plan.version;
  return makeManifest(
    { name: plan.name, version: v.version, commit: v.commit, date: v.date },
    plan.targets.map((t) => ({
      target: t.target,
      goos: t.goos,
      goarch: t.goarch,
      file: t.file,
      size: 0,
      sha256: '0'.repeat(64),
      seconds: 0,
      ...(t.archive ? { archive: { file: t.archive.file, size: 0, sha256: '0'.repeat(64) } } : {}),
    })),
  );
}

type Uploaded = UploadResult & { key: string };

async function uploadAll(
  deps: BuildDeps,
  requests: readonly UploadRequest[],
  keys: readonly string[],
): Promise<Uploaded[]> {
  const done: Uploaded[] = [];
  // One at a time: the artifact client streams each file, so memory stays flat.
  for (const [i, req] of requests.entries()) {
    let r;
    try {
      r = await deps.store.upload(req);
    } catch (err) {
      if (err instanceof UserError) throw err;
      // The service decides the repository's maximum retention: its refusal is shown as it is.
      const hint =
        req.retentionDays !== undefined
          ? `; if retention-days ${req.retentionDays} is over the repository's maximum (Settings > Actions > General), lower it or leave it empty for the default`
          : '; re-run the job, or set upload: false to build without uploading';
      throw new UserError(`uploading artifact '${req.name}' failed: ${errorMessage(err)}${hint}`);
    }
    deps.io.info(`uploaded artifact ${r.name}${r.size !== undefined ? ` (${r.size} bytes)` : ''}`);
    done.push({ ...r, key: keys[i]! });
  }
  return done;
}

/** `artifacts` (names, in order), and upload-artifact's three outputs per artifact, by key. */
function outputUploads(io: RunnerIO, uploaded: readonly Uploaded[]): void {
  const by = (f: (u: Uploaded) => string | number | undefined) =>
    JSON.stringify(Object.fromEntries(uploaded.map((u) => [u.key, f(u) ?? null])));
  io.output(BUILD_OUTPUTS.artifacts, JSON.stringify(uploaded.map((u) => u.name)));
  io.output(
    BUILD_OUTPUTS.artifactId,
    by((u) => u.id),
  );
  io.output(
    BUILD_OUTPUTS.artifactUrl,
    by((u) => u.url),
  );
  io.output(
    BUILD_OUTPUTS.artifactDigest,
    by((u) => u.digest),
  );
}

async function runMerge(config: BuildConfig, deps: BuildDeps): Promise<BuildResult> {
  const started = performance.now();
  await checkDirectory('working-directory', config.workingDirectory);
  await checkDirectory('merge-from', config.mergeFrom!);
  const r = await mergeBuilds(config.mergeFrom!, config.outputDirectory, config.workspace);
  const m = r.manifest;
  deps.io.info(
    `merged ${r.sources} manifests: ${m.targets.length} targets of ${m.name} ${m.version}`,
  );
  deps.io.output(BUILD_OUTPUTS.version, m.version);
  deps.io.output(BUILD_OUTPUTS.matrix, JSON.stringify(matrixOf(m.targets)));
  deps.io.output(BUILD_OUTPUTS.manifest, r.manifestPath);
  deps.io.output(BUILD_OUTPUTS.checksums, r.checksumsPath);
  const release = await releaseFilesOf(m, config.outputDirectory, deps);
  const uploaded = config.upload
    ? await uploadAll(
        deps,
        [
          mergedUpload(m, {
            outputDirectory: config.outputDirectory,
            retentionDays: config.retentionDays,
            compressionLevel: config.compressionLevel,
            overwrite: config.overwrite,
          }),
        ],
        [MANIFEST_KEY],
      )
    : [];
  outputUploads(deps.io, uploaded);
  const rows: TargetRow[] = m.targets.map((t) => ({
    target: t.target,
    ok: true,
    seconds: t.seconds,
    file: t.archive?.file ?? t.file,
    size: t.archive?.size ?? t.size,
    sha256: t.archive?.sha256 ?? t.sha256,
  }));
  await deps.io.summary(
    buildSummary(m, rows, (performance.now() - started) / 1000, 'Merged build'),
  );
  return { manifest: m, outputDirectory: config.outputDirectory, release };
}
