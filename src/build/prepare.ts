/**
 * Everything checked before anything builds: the working directory, the Go module, the targets
 * against `go tool dist list`, the main package, the archive files and the version from git. A
 * mistake in any input stops the step here, with one line saying what to fix.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { InputError, UserError } from '../runner/errors.js';
import type { BuildConfig } from './config.js';
import { readGitFacts } from './git.js';
import { distList, mainPackage, moduleInfo } from './go.js';
import { planBuild, type BuildPlan } from './plan.js';
import { resolveTargets, TargetError, type Port, type Target } from './targets.js';
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

function resolveTargetsOrThrow(config: BuildConfig, ports: readonly Port[]): Target[] {
  try {
    return resolveTargets(config.targets, config.exclude, ports);
  } catch (err) {
    if (err instanceof TargetError) throw new InputError(err.input, err.message);
    throw err;
  }
}

export async function prepareBuild(
  config: BuildConfig,
  env: PrepareEnv,
): Promise<{ plan: BuildPlan; targets: Target[] }> {
  await checkDirectory('working-directory', config.workingDirectory);
  const cwd = config.workingDirectory;
  // All of Go's and git's answers at once; errors are then reported in the order a user would fix
  // them: not a module, the targets, the package, git.
  const first = (ports: Port[]) => resolveTargetsOrThrow(config, ports)[0]!;
  const mod = moduleInfo(cwd);
  const ports = distList(cwd);
  const pkgEnv = (t: Target) => ({
    ...process.env,
    ...config.env,
    GOOS: t.goos,
    GOARCH: t.goarch,
    CGO_ENABLED: config.cgo ? '1' : '0',
  });
  const pkg = ports.then((p) => mainPackage(cwd, config.package, pkgEnv(first(p))));
  const gitFacts = readGitFacts(cwd, env.ref, env.warn);
  const files = Promise.all(
    config.archiveFiles.map(async (f) => {
      const s = await stat(join(cwd, f)).catch(() => undefined);
      if (!s?.isFile()) throw new InputError('archive-files', `'${f}' is not a file in ${cwd}`);
    }),
  );
  for (const p of [mod, ports, pkg, gitFacts, files]) p.catch(() => undefined);
  const modInfo = await mod;
  const portList = await ports;
  const targets = resolveTargetsOrThrow(config, portList);
  const main = await pkg;
  await files;
  const facts = await gitFacts;
  let version;
  try {
    version = resolveVersion(facts);
  } catch (err) {
    if (err instanceof VersionError) throw new UserError(err.message);
    throw err;
  }
  // A package from another module lives in the read-only module cache: nothing may be written there.
  const inModule = !relative(dirname(modInfo.gomod), main.dir).startsWith('..');
  const sysoNames = inModule ? (await readdir(main.dir)).filter((f) => f.endsWith('.syso')) : [];
  const existingSyso = await Promise.all(
    sysoNames.map(async (file) => ({ file, data: await readFile(join(main.dir, file)) })),
  );
  const plan = planBuild(
    config,
    {
      ports: portList,
      modulePath: main.modulePath || main.importPath,
      packageDir: main.dir,
      version,
      cpus: env.cpus ?? availableParallelism(),
      existingSyso,
      packageInModule: inModule,
    },
    targets,
  );
  return { plan, targets };
}
