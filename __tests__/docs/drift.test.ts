import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { expectedPages, renderTables, updatePage } from '../../scripts/docs-tables.js';
import { REPO } from '../../lab/paths.js';

describe('docs generated from action.yml', () => {
  it.each(expectedPages().map((p) => [p.page.slice(REPO.length + 1), p] as const))(
    '%s holds the current inputs and outputs tables (run `npm run generate` when this fails)',
    (_name, { current, expected }) => {
      expect(current).toBe(expected);
    },
  );

  it('renders every input with its default and replaces only the generated block', () => {
    const tables = renderTables('demo', {
      runs: { using: 'node24' },
      inputs: {
        'go-version': { description: 'Version | range', default: 'stable' },
        token: { required: true },
      },
      outputs: { 'go-root': { description: 'Where Go is' } },
    });
    expect(tables).toContain('| `go-version` | Version \\| range | `stable` | no |');
    expect(tables).toContain('| `token` |  |  | yes |');
    expect(tables).toContain('| `go-root` | Where Go is |');
    const page = `# Demo\n\nintro\n\n${tables}\n\nafter\n`;
    const changed = updatePage(page, 'demo', renderTables('demo', { runs: { using: 'node24' } }));
    expect(changed).toContain('intro');
    expect(changed).toContain('after');
    expect(changed).not.toContain('go-version');
  });
});

function workflowFiles(): string[] {
  const dirs = [join(REPO, '.github', 'workflows'), join(REPO, 'docs', 'workflows')];
  return dirs.filter(existsSync).flatMap((d) =>
    readdirSync(d)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => join(d, f)),
  );
}

function actionFiles(): string[] {
  const out = [join(REPO, 'action.yml')].filter(existsSync);
  const dir = join(REPO, 'actions');
  for (const name of existsSync(dir) ? readdirSync(dir) : [])
    if (existsSync(join(dir, name, 'action.yml'))) out.push(join(dir, name, 'action.yml'));
  return out;
}

describe('workflow and action files', () => {
  it('pass action-validator', () => {
    const files = [...actionFiles(), ...workflowFiles()];
    expect(files.length).toBeGreaterThan(3);
    const cli = join(REPO, 'node_modules', '@action-validator', 'cli', 'cli.mjs');
    const scratch = mkdtempSync(join(tmpdir(), 'winship-validate-'));
    const failures: string[] = [];
    for (const file of files) {
      // action-validator 0.6's schema predates `node24` (GitHub's runners took it in 2025): check
      // that every JS action says node24, then validate the file with that one word replaced.
      let target = file;
      const text = readFileSync(file, 'utf8');
      if (/^runs:\s*$/m.test(text) && /^\s+using:\s*node\d+/m.test(text)) {
        if (!/^\s+using:\s*['"]?node24['"]?\s*$/m.test(text))
          failures.push(`${file}: runs.using is not node24`);
        // The validator tells an action from a workflow by the file name.
        target = join(scratch, String(files.indexOf(file)), 'action.yml');
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, text.replace(/^(\s+using:\s*)['"]?node24['"]?\s*$/m, '$1node20'));
      }
      // Its schema also predates the `attestations` permission (GitHub's artifact attestations,
      // 2024), which actions/attest-build-provenance needs; @actions/workflow-parser's schema
      // (lab/workflow, which runs these workflows) has it. Validated with those lines left out.
      if (/^\s+attestations:\s*write\b/m.test(text)) {
        target = join(scratch, String(files.indexOf(file)), basename(file));
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, text.replace(/^\s+attestations:\s*write\b.*\n/gm, ''));
      }
      try {
        execFileSync(process.execPath, [cli, target], { stdio: 'pipe' });
      } catch (err) {
        const e = err as { stdout?: Buffer; stderr?: Buffer };
        failures.push(
          `${file.slice(REPO.length + 1)}: ${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`,
        );
      }
    }
    expect(failures).toEqual([]);
  });

  it('use only inputs the referenced winship action declares', () => {
    const problems: string[] = [];
    for (const file of workflowFiles()) {
      const wf = parse(readFileSync(file, 'utf8')) as {
        jobs?: Record<string, { steps?: { uses?: string; with?: Record<string, unknown> }[] }>;
      };
      for (const [job, spec] of Object.entries(wf.jobs ?? {}))
        for (const step of spec.steps ?? []) {
          const m = /^(?:\.\/|winship\/winship\/?)(actions\/[\w-]+)?(?:@.*)?$/.exec(
            step.uses ?? '',
          );
          if (!m) continue;
          const yml = join(REPO, m[1] ?? '', 'action.yml');
          const declared = Object.keys(
            (parse(readFileSync(yml, 'utf8')) as { inputs?: object }).inputs ?? {},
          );
          for (const key of Object.keys(step.with ?? {}))
            if (!declared.includes(key))
              problems.push(
                `${file.slice(REPO.length + 1)} job ${job}: ${step.uses} has no input '${key}'`,
              );
        }
    }
    expect(problems).toEqual([]);
  });
});
