/**
 * Which Go build a runner needs: Go's names for the OS and architecture (as the releases index
 * lists them), the archive format, and the architecture folder of the tool cache, which keeps the
 * runner's names (`x64`, `arm64`) like actions/setup-go so hosted images' caches are found.
 */
import { InputError, UserError } from '../runner/errors.js';

export interface GoPlatform {
  /** GOOS as the index lists it: linux, windows, darwin, freebsd… */
  os: string;
  /** GOARCH as the index lists it: amd64, 386, arm64, armv6l, ppc64le, s390x, riscv64, loong64. */
  arch: string;
  /** Tool-cache folder under go/<version>/: x64, x86, arm64, arm, ppc64le, s390x, riscv64, loong64. */
  toolArch: string;
  archive: 'tar.gz' | 'zip';
  /** `.exe` on Windows. */
  exe: string;
}

/** Runner (Node) architecture names and Go's, both accepted as `architecture`. */
const ARCHES: { names: string[]; go: string; tool: string }[] = [
  { names: ['x64', 'amd64', 'x86_64'], go: 'amd64', tool: 'x64' },
  { names: ['x86', 'x32', 'ia32', '386'], go: '386', tool: 'x86' },
  { names: ['arm64', 'aarch64'], go: 'arm64', tool: 'arm64' },
  { names: ['arm', 'armv6l', 'armv7l'], go: 'armv6l', tool: 'arm' },
  { names: ['ppc64le', 'ppc64'], go: 'ppc64le', tool: 'ppc64le' },
  { names: ['s390x'], go: 's390x', tool: 's390x' },
  { names: ['riscv64'], go: 'riscv64', tool: 'riscv64' },
  { names: ['loong64'], go: 'loong64', tool: 'loong64' },
];

const OSES: Record<string, string> = {
  linux: 'linux',
  win32: 'windows',
  windows: 'windows',
  darwin: 'darwin',
  freebsd: 'freebsd',
  openbsd: 'openbsd',
  netbsd: 'netbsd',
  aix: 'aix',
  sunos: 'solaris',
  solaris: 'solaris',
};

export const ARCHITECTURE_NAMES = ARCHES.flatMap((a) => a.names);

/**
 * The build for `hostOs`/`hostArch` (Node's process.platform/process.arch) or for an explicit
 * `architecture` input; `osOverride` (env WINSHIP_GO_TARGET_OS) picks another OS's build, which
 * is installed into the tool cache but not run.
 */
export function targetPlatform(opts: {
  hostOs: string;
  hostArch: string;
  architecture?: string;
  osOverride?: string;
}): GoPlatform {
  const archName = (opts.architecture || opts.hostArch).toLowerCase();
  const arch = ARCHES.find((a) => a.names.includes(archName));
  if (!arch) {
    if (opts.architecture)
      throw new InputError(
        'architecture',
        `'${opts.architecture}' is not an architecture Go ships: use one of ${ARCHITECTURE_NAMES.join(', ')}`,
      );
    throw new UserError(
      `This runner's architecture '${opts.hostArch}' has no Go build: set 'architecture' to one that does`,
    );
  }
  const osName = (opts.osOverride || opts.hostOs).toLowerCase();
  const os = OSES[osName];
  if (!os) {
    if (opts.osOverride)
      throw new UserError(
        `WINSHIP_GO_TARGET_OS: '${opts.osOverride}' is not an OS Go ships: use one of linux, windows, darwin, freebsd`,
      );
    throw new UserError(`This runner's OS '${opts.hostOs}' has no Go build`);
  }
  return {
    os,
    arch: arch.go,
    toolArch: arch.tool,
    archive: os === 'windows' ? 'zip' : 'tar.gz',
    exe: os === 'windows' ? '.exe' : '',
  };
}

/** Whether a toolchain for `platform` can run here (same OS); another OS's build is only stored. */
export function runsHere(platform: GoPlatform, hostOs: string): boolean {
  return OSES[hostOs] === platform.os;
}
