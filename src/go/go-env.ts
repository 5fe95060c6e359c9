/**
 * One `go env -json` gives everything setup-go reports: GOVERSION (so no `go version` call), GOROOT,
 * GOPATH, GOMODCACHE, GOCACHE, GOOS/GOARCH. One process instead of actions/setup-go's three.
 */
import { execFile } from 'node:child_process';
import { UserError } from '../runner/errors.js';

export type GoEnv = Record<string, string>;

/** Parses `go env -json` output. */
export function parseGoEnv(json: string): GoEnv {
  const doc: unknown = JSON.parse(json);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new Error('go env -json did not print an object');
  const env: GoEnv = {};
  for (const [k, v] of Object.entries(doc)) env[k] = typeof v === 'string' ? v : String(v);
  return env;
}

/** `go version go1.22.5 linux/amd64`, as `go version` prints it. */
export function goVersionLine(env: GoEnv): string {
  return `go version ${env.GOVERSION ?? 'unknown'} ${env.GOOS ?? '?'}/${env.GOARCH ?? '?'}`;
}

/** The environment as `go env` prints it on Unix (`KEY='value'`) or Windows (`set KEY=value`). */
export function formatGoEnv(env: GoEnv, windows = false): string {
  return Object.entries(env)
    .map(([k, v]) => (windows ? `set ${k}=${v}` : `${k}='${v.replace(/'/g, `'\\''`)}'`))
    .join('\n');
}

/** The first GOPATH entry: `go install` puts binaries in its bin/. */
export function firstGopath(env: GoEnv, listSeparator: string): string | undefined {
  return (env.GOPATH ?? '').split(listSeparator).find((p) => p !== '');
}

/** Runs `<go> env -json` with GOTOOLCHAIN=local (a go.mod asking for a newer Go must not make it download one). */
export function readGoEnv(goBinary: string, cwd: string, env: NodeJS.ProcessEnv): Promise<GoEnv> {
  return new Promise((resolve, reject) => {
    execFile(
      goBinary,
      ['env', '-json'],
      { cwd, env: { ...env, GOTOOLCHAIN: 'local' }, maxBuffer: 4 << 20, windowsHide: true },
      (err, stdout, stderr) => {
        if (err) {
          const detail = (stderr || err.message).trim().split(/\r?\n/)[0];
          return reject(new UserError(`'${goBinary} env -json' failed: ${detail}`));
        }
        try {
          resolve(parseGoEnv(stdout));
        } catch (e) {
          reject(new UserError(`'${goBinary} env -json' printed no JSON: ${(e as Error).message}`));
        }
      },
    );
  });
}
