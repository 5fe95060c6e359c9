/**
 * The build plan: for every target the exact `go build` argument vector, environment and output
 * names, plus the VERSIONINFO objects for Windows. Pure data from the configuration and the facts
 * gathered about Go, the module and git; printing it is a dry run.
 */
import { basename, join } from 'node:path';
import { archiveFormatFor, type ArchiveFormat } from './archive.js';
import { coffSectionNames, COFF_MACHINES, resourceObject, RT_VERSION } from './coff.js';
import type { BuildConfig } from './config.js';
import { renderTemplate } from './template.js';
import { resolveTargets, targetName, type Port, type Target } from './targets.js';
import type { BuildVersion } from './version.js';
import { windowsVersionNumbers } from './version.js';
import { encodeVersionInfo, LANG_EN_US } from './versioninfo.js';

export interface TargetPlan extends Target {
  target: string;
  /** Absolute path of the binary. */
  binary: string;
  /** Its file name in the output folder: `<name>_<version>_<goos>_<goarch>[.exe]`. */
  file: string;
  /** The program's name inside the archive: `<name>[.exe]`. */
  programName: string;
  archive?: { format: ArchiveFormat; path: string; file: string };
  args: string[];
  env: Record<string, string>;
  /** Whether a VERSIONINFO resource is linked into this target. */
  versionInfo: boolean;
}

export interface BuildPlan {
  name: string;
  version: BuildVersion;
  targets: TargetPlan[];
  parallel: number;
  outputDirectory: string;
  /** Objects to write into the main package's folder for the build and remove after. */
  resourceObjects: { path: string; data: Buffer }[];
  warnings: string[];
}

/** Facts gathered before planning (go.ts, git.ts, a look at the package folder). */
export interface BuildFacts {
  ports: readonly Port[];
  modulePath: string;
  packageDir: string;
  version: BuildVersion;
  cpus: number;
  /** `.syso` files already in the main package's folder, with their section names. */
  existingSyso: readonly { file: string; data: Buffer }[];
  /** False when the main package is in another module (the module cache): nothing is written there. */
  packageInModule?: boolean;
}

/**
 * Targets built at once when the user does not say: the CPU count, capped at 2. Chosen from
 * bench/build.ts on a 2-core machine (figures in docs/build.md): one `go build` already keeps both
 * cores busy compiling a target's standard library, so cold two at a time costs nothing, and warm
 * one target's link and archive overlap the next one's. More than 2 was not measured.
 */
export function defaultParallel(cpus: number): number {
  return Math.max(1, Math.min(cpus, DEFAULT_PARALLEL_CAP));
}
export const DEFAULT_PARALLEL_CAP = 2;

/** The default binary name: the module path's last element, skipping a /vN major suffix. */
export function nameFromModulePath(modulePath: string): string {
  const parts = modulePath.split('/').filter((p) => p !== '');
  let last = parts.pop() ?? 'app';
  if (/^v\d+$/.test(last) && parts.length > 0) last = parts.pop()!;
  return last.replace(/[^A-Za-z0-9._-]/g, '-');
}

export function resourceObjectName(goarch: string): string {
  return `zz_winship_versioninfo_windows_${goarch}.syso`;
}

/** Whether a `.syso` file's name makes Go link it for goos/goarch (go/build's file name rules). */
export function sysoAppliesTo(
  file: string,
  t: Target,
  gooses: ReadonlySet<string>,
  goarches: ReadonlySet<string>,
): boolean {
  const parts = basename(file, '.syso').split('_');
  const last = parts[parts.length - 1]!;
  const prev = parts.length >= 3 ? parts[parts.length - 2]! : undefined;
  if (parts.length >= 3 && prev !== undefined && gooses.has(prev) && goarches.has(last))
    return prev === t.goos && last === t.goarch;
  if (parts.length >= 2 && gooses.has(last)) return last === t.goos;
  if (parts.length >= 2 && goarches.has(last)) return last === t.goarch;
  return true;
}

export function planBuild(
  config: BuildConfig,
  facts: BuildFacts,
  targets: readonly Target[],
): BuildPlan {
  const name = config.binaryName ?? nameFromModulePath(facts.modulePath);
  const { version } = facts;
  const warnings: string[] = [];
  const gooses = new Set(facts.ports.map((p) => p.goos));
  const goarches = new Set(facts.ports.map((p) => p.goarch));
  const ours = new Set(Object.keys(COFF_MACHINES).map(resourceObjectName));
  const foreignRsrc = facts.existingSyso.filter(
    (s) =>
      !ours.has(s.file) &&
      (coffSectionNames(s.data) ?? []).some((n) => n === '.rsrc' || n.startsWith('.rsrc$')),
  );

  const resourceArches = new Set<string>();
  const plans = targets.map((t): TargetPlan => {
    const exe = t.goos === 'windows' ? '.exe' : '';
    const file = `${name}_${version.version}_${t.goos}_${t.goarch}${exe}`;
    const ldflags = renderTemplate(config.ldflags, {
      version: version.version,
      commit: version.commit,
      date: version.date,
      goos: t.goos,
      goarch: t.goarch,
    });
    const binary = join(config.outputDirectory, file);
    const args = [
      'build',
      '-trimpath',
      '-buildvcs=false',
      // An empty build ID: the same sources give the same bytes whatever the build's paths.
      `-ldflags=${ldflags} -buildid=`,
      ...(config.tags.length ? [`-tags=${config.tags.join(',')}`] : []),
      ...config.flags,
      '-o',
      binary,
      config.package,
    ];
    const plan: TargetPlan = {
      ...t,
      target: targetName(t),
      binary,
      file,
      programName: `${name}${exe}`,
      args,
      env: { ...config.env, GOOS: t.goos, GOARCH: t.goarch, CGO_ENABLED: config.cgo ? '1' : '0' },
      versionInfo: false,
    };
    if (config.archive !== 'none') {
      const format = archiveFormatFor(config.archive, t.goos);
      const archiveFile = `${name}_${version.version}_${t.goos}_${t.goarch}.${format}`;
      plan.archive = { format, file: archiveFile, path: join(config.outputDirectory, archiveFile) };
    }
    if (t.goos === 'windows' && config.versionInfo.enabled) {
      const clash = foreignRsrc.find((s) => sysoAppliesTo(s.file, t, gooses, goarches));
      if (!COFF_MACHINES[t.goarch])
        warnings.push(
          `${plan.target}: no VERSIONINFO resource (not supported for this architecture)`,
        );
      else if (clash)
        warnings.push(
          `${plan.target}: no VERSIONINFO resource, because ${clash.file} already has resources (Go links one .rsrc only); remove it or set windows-version-info: false`,
        );
      else {
        plan.versionInfo = true;
        resourceArches.add(t.goarch);
      }
    }
    return plan;
  });

  const resourceObjects = [...resourceArches].sort().map((goarch) => ({
    path: join(facts.packageDir, resourceObjectName(goarch)),
    data: resourceObject(goarch, [
      { type: RT_VERSION, name: 1, lang: LANG_EN_US, data: versionInfoData(config, name, version) },
    ]),
  }));

  return {
    name,
    version,
    targets: plans,
    parallel: config.parallel ?? defaultParallel(facts.cpus),
    outputDirectory: config.outputDirectory,
    resourceObjects,
    warnings,
  };
}

function versionInfoData(config: BuildConfig, name: string, version: BuildVersion): Buffer {
  const numbers = windowsVersionNumbers(version.version);
  const vi = config.versionInfo;
  return encodeVersionInfo({
    fileVersion: numbers,
    productVersion: numbers,
    prerelease: version.version.includes('-'),
    strings: {
      CompanyName: vi.companyName,
      FileDescription: vi.fileDescription || vi.productName || name,
      FileVersion: version.version,
      InternalName: name,
      LegalCopyright: vi.copyright,
      OriginalFilename: `${name}.exe`,
      ProductName: vi.productName || name,
      ProductVersion: version.version,
      Comments: `commit ${version.commit}`,
    },
  });
}

/** Resolves the targets of the configuration against the ports (TargetError on bad input). */
export function selectTargets(config: BuildConfig, ports: readonly Port[]): Target[] {
  return resolveTargets(config.targets, config.exclude, ports);
}

/** The `go build` command line as a log line (for reading only; it is never run through a shell). */
export function describeCommand(plan: TargetPlan): string {
  const env = Object.entries(plan.env)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return `${env} go ${plan.args.map((a) => (/[\s'"]/.test(a) ? `'${a.replace(/'/g, "'\\''")}'` : a)).join(' ')}`;
}
