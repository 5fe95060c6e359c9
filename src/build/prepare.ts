/**
 * Everything checked before anything builds: the working directory, the Go module, the targets
 * against `go tool dist list`, the main package, the archive files and the version from git. A
 * mistake in any input stops the step here, with one line saying what to fix.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { InputError, UserError } from '../runner/errors.js';
import type { BuildConfig } from './config.js';
import { readGitFacts } from './git.js';
import { distList, mainPackage, moduleInfo } from './go.js';
import { planBuild, type BuildPlan } from './plan.js';
import { resolveTargets, TargetError, type Target } from './targets.js';
import { resolveVersion, VersionError } from './version.js';

export async function checkDirectory(input: string, dir: string): Promise<void> {
  const s = await stat(dir).catch(() => undefined);
  if (!s) throw new InputError(input, `'${dir}' does not exist`);
  if (!s.isDirectory()) throw new InputError(input, `'${dir}' is not a directory`);
}

export interface PrepareEnv {
  /** GITHUB_REF: a refs/tags/… ref makes the version the tag's. */
  ref?: string;
  cpus?: number;
  warn: (message: string) => void;
}

export async function prepareBuild(
  config: BuildConfig,
  env: PrepareEnv,
): Promise<{ plan: BuildPlan; targets: Target[] }> {
  await checkDirectory('working-directory', config.workingDirectory);
  const cwd = config.workingDirectory;
  // Module first: "not a Go module" is the clearer message when both would fail.
  await moduleInfo(cwd);
  const ports = await distList(cwd);
  let targets: Target[];
  try {
    targets = resolveTargets(config.targets, config.exclude, ports);
  } catch (err) {
    if (err instanceof TargetError) throw new InputError(err.input, err.message);
    throw err;
  }
  const first = targets[0]!;
  const pkgEnv = {
    ...process.env,
    ...config.env,
    GOOS: first.goos,
    GOARCH: first.goarch,
    CGO_ENABLED: config.cgo ? '1' : '0',
  };
  const [pkg, gitFacts] = await Promise.all([
    mainPackage(cwd, config.package, pkgEnv),
    readGitFacts(cwd, env.ref, env.warn),
    ...config.archiveFiles.map(async (f) => {
      const s = await stat(join(cwd, f)).catch(() => undefined);
      if (!s?.isFile()) throw new InputError('archive-files', `'${f}' is not a file in ${cwd}`);
    }),
  ]);
  let version;
  try {
    version = resolveVersion(gitFacts);
  } catch (err) {
    if (err instanceof VersionError) throw new UserError(err.message);
    throw err;
  }
  const sysoNames = (await readdir(pkg.dir)).filter((f) => f.endsWith('.syso'));
  const existingSyso = await Promise.all(
    sysoNames.map(async (file) => ({ file, data: await readFile(join(pkg.dir, file)) })),
  );
  const plan = planBuild(
    config,
    {
      ports,
      modulePath: pkg.modulePath || pkg.importPath,
      packageDir: pkg.dir,
      version,
      cpus: env.cpus ?? availableParallelism(),
      existingSyso,
    },
    targets,
  );
  return { plan, targets };
}
