/**
 * `windows/` is the lowest layer: it builds argument vectors and parses outputs, and imports
 * nothing above it (no engine, hosts or deploy types), so it can be read and tested alone.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const WINDOWS = join(REPO, 'src', 'windows');
/** The one module outside `windows/` it may use: the error type every layer throws. */
const ALLOWED_OUTSIDE = new Set(['src/runner/errors.ts']);
/** Libraries it may use: pure parsing only. */
const ALLOWED_PACKAGES = new Set(['yaml']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gms)].map(
    (m) => m[1] ?? '',
  );
}

describe('windows/ imports nothing above it', () => {
  test('every import is inside windows/, runner/errors.ts or a parsing library', () => {
    const outside: string[] = [];
    for (const file of sourceFiles(WINDOWS)) {
      for (const spec of imports(file)) {
        if (!spec.startsWith('.')) {
          if (!ALLOWED_PACKAGES.has(spec) && !spec.startsWith('node:'))
            outside.push(`${relative(REPO, file)} -> ${spec}`);
          continue;
        }
        const target = relative(REPO, resolve(dirname(file), spec)).replace(/\.js$/, '.ts');
        if (!target.startsWith('src/windows/') && !ALLOWED_OUTSIDE.has(target))
          outside.push(`${relative(REPO, file)} -> ${target}`);
      }
    }
    expect(outside).toEqual([]);
  });

  test('the check sees imports (a file with known imports is read)', () => {
    expect(imports(join(WINDOWS, 'service-plan.ts'))).toContain('./sc.js');
  });
});
