/** What the build asks of the Go toolchain on PATH: its ports, the module, the main package, builds. */
import { UserError } from '../runner/errors.js';
import { runProcess, type ProcessResult } from '../runner/process.js';
import { parseDistList, type Port } from './targets.js';

const MISSING_GO =
  "'go' is not on PATH: set up Go before this step (for example with actions/setup-go)";

function go(args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<ProcessResult> {
  return runProcess('go', args, { cwd, env, missing: MISSING_GO });
}

function firstLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l !== '') ?? ''
  );
}

export async function distList(cwd: string): Promise<Port[]> {
  const r = await go(['tool', 'dist', 'list', '-json'], cwd);
  if (r.code !== 0) throw new UserError(`'go tool dist list -json' failed: ${firstLine(r.stderr)}`);
  return parseDistList(r.stdout);
}

export interface ModuleInfo {
  /** The go.mod file. */
  gomod: string;
  goVersion: string;
}

export async function moduleInfo(cwd: string): Promise<ModuleInfo> {
  const r = await go(['env', '-json', 'GOMOD', 'GOVERSION'], cwd);
  if (r.code !== 0) throw new UserError(`'go env' failed in ${cwd}: ${firstLine(r.stderr)}`);
  const env = JSON.parse(r.stdout) as { GOMOD?: string; GOVERSION?: string };
  const gomod = env.GOMOD ?? '';
  if (gomod === '' || gomod === '/dev/null' || gomod === 'NUL')
    throw new UserError(
      `${cwd} is not in a Go module (no go.mod): set 'working-directory' to the module's folder or run 'go mod init'`,
    );
  return { gomod, goVersion: env.GOVERSION ?? '' };
}

export interface MainPackage {
  dir: string;
  modulePath: string;
  importPath: string;
}

/** Loads `pkg` as `env` (one target's GOOS/GOARCH) would build it and checks it is package main. */
export async function mainPackage(
  cwd: string,
  pkg: string,
  env: NodeJS.ProcessEnv,
): Promise<MainPackage> {
  const r = await go(
    [
      'list',
      '-f',
      '{{.Name}}\t{{.Dir}}\t{{.ImportPath}}\t{{if .Module}}{{.Module.Path}}{{end}}',
      '--',
      pkg,
    ],
    cwd,
    env,
  );
  if (r.code !== 0)
    throw new UserError(
      `input 'package': cannot load '${pkg}': ${firstLine(r.stderr).replace(/^go: /, '')}`,
    );
  const lines = r.stdout.trim().split('\n');
  if (lines.length !== 1)
    throw new UserError(
      `input 'package': '${pkg}' matches ${lines.length} packages; name exactly one main package`,
    );
  const [name, dir, importPath, modulePath] = lines[0]!.split('\t') as [
    string,
    string,
    string,
    string,
  ];
  if (name !== 'main')
    throw new UserError(
      `input 'package': '${pkg}' is package ${name}, not a main package: set 'package' to the folder with package main (for example ./cmd/server)`,
    );
  return { dir, importPath, modulePath };
}

export function goBuild(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<ProcessResult> {
  return go(args, cwd, env);
}
