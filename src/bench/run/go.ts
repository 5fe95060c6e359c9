/**
 * The Go side of a run: which packages have benchmarks, and one `go test -c` (or `go build` for
 * a server) per package and side. Only packages whose tests declare a Benchmark are built, so a
 * large module does not compile a hundred test binaries to run three benchmarks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../runner/errors.js';
import { runProcess, tail } from '../../runner/process.js';

export interface GoPackage {
  importPath: string;
  dir: string;
}

const BENCHMARK_FUNC = /^func\s+Benchmark[\p{L}\p{N}_]*\s*\(/mu;

export function hasBenchmarks(dir: string): boolean {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return false;
  }
  return names.some(
    (n) => n.endsWith('_test.go') && BENCHMARK_FUNC.test(readFileSync(join(dir, n), 'utf8')),
  );
}

/** Packages matching the patterns in the module at `moduleDir` that contain benchmarks. */
export async function listBenchPackages(
  moduleDir: string,
  patterns: string[],
): Promise<{ packages: GoPackage[]; warnings: string[] }> {
  const r = await runProcess(
    'go',
    [
      'list',
      '-e',
      '-f',
      '{{.ImportPath}}\t{{.Dir}}\t{{if .Error}}{{.Error}}{{end}}',
      '--',
      ...patterns,
    ],
    { cwd: moduleDir },
  );
  const warnings = r.stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (r.code !== 0 && r.stdout.trim() === '')
    throw new UserError(
      `go list ${patterns.join(' ')} failed in ${moduleDir}: ${tail(r.stderr, 3)}`,
    );
  const packages: GoPackage[] = [];
  for (const line of r.stdout.split(/\r?\n/)) {
    const [importPath, dir, error] = line.split('\t');
    if (!importPath || !dir) continue;
    if (error) warnings.push(`${importPath}: ${error}`);
    if (hasBenchmarks(dir)) packages.push({ importPath, dir });
  }
  return { packages, warnings };
}

export async function buildTestBinary(
  moduleDir: string,
  importPath: string,
  out: string,
  timeoutMs?: number,
) {
  // No '--' here: go test hands everything after it to the test binary. Import paths come from
  // go list and never start with '-'.
  if (importPath.startsWith('-')) throw new UserError(`'${importPath}' is not an import path`);
  return runProcess('go', ['test', '-c', '-o', out, importPath], { cwd: moduleDir, timeoutMs });
}

export async function buildProgram(
  moduleDir: string,
  pkg: string,
  out: string,
  timeoutMs?: number,
) {
  return runProcess('go', ['build', '-o', out, '--', pkg], { cwd: moduleDir, timeoutMs });
}
