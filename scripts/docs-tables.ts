/**
 * Generates the inputs and outputs tables of each action's page in docs/ from its action.yml, so
 * the docs cannot drift: `npm run generate` rewrites them, and a test fails when they differ.
 * Each page holds the tables between `<!-- action-docs:<name>:start -->` and `…:end -->` markers.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The repository root, found upward from this file (it also runs bundled from .cache/). */
export const REPO = findRepo(dirname(fileURLToPath(import.meta.url)));

function findRepo(from: string): string {
  for (let d = from; d !== dirname(d); d = dirname(d)) {
    const pkg = join(d, 'package.json');
    if (existsSync(pkg) && /"name": "winship"/.test(readFileSync(pkg, 'utf8'))) return d;
  }
  throw new Error(`no winship package.json above ${from}`);
}

interface ActionSpec {
  name?: string;
  description?: string;
  inputs?: Record<string, { description?: string; default?: unknown; required?: boolean }>;
  outputs?: Record<string, { description?: string }>;
  runs?: { using?: string };
}

/** Action folder name to docs page: actions/setup-go -> docs/setup-go.md; root -> docs/winship.md. */
export function actionPages(): { action: string; yml: string; page: string }[] {
  const out = [
    { action: 'winship', yml: join(REPO, 'action.yml'), page: join(REPO, 'docs', 'winship.md') },
  ];
  const dir = join(REPO, 'actions');
  if (existsSync(dir))
    for (const name of readdirSync(dir).sort())
      if (existsSync(join(dir, name, 'action.yml')))
        out.push({
          action: name,
          yml: join(dir, name, 'action.yml'),
          page: join(REPO, 'docs', `${name}.md`),
        });
  return out.filter((p) => existsSync(p.yml));
}

function cell(text: unknown): string {
  return String(text ?? '')
    .trim()
    .replace(/\r?\n+/g, ' ')
    .replace(/\|/g, '\\|');
}

export function renderTables(action: string, spec: ActionSpec): string {
  const lines = [
    `<!-- action-docs:${action}:start -->`,
    `<!-- generated from action.yml by 'npm run generate'; do not edit -->`,
    '',
  ];
  lines.push(`Runs on \`${spec.runs?.using ?? '?'}\`.`, '', '### Inputs', '');
  const inputs = Object.entries(spec.inputs ?? {});
  if (inputs.length === 0) lines.push('None.');
  else {
    lines.push('| input | description | default | required |', '| --- | --- | --- | --- |');
    for (const [name, i] of inputs) {
      const def = i.default === undefined || i.default === '' ? '' : `\`${cell(i.default)}\``;
      lines.push(
        `| \`${name}\` | ${cell(i.description)} | ${def} | ${i.required ? 'yes' : 'no'} |`,
      );
    }
  }
  lines.push('', '### Outputs', '');
  const outputs = Object.entries(spec.outputs ?? {});
  if (outputs.length === 0) lines.push('None.');
  else {
    lines.push('| output | description |', '| --- | --- |');
    for (const [name, o] of outputs) lines.push(`| \`${name}\` | ${cell(o.description)} |`);
  }
  lines.push('', `<!-- action-docs:${action}:end -->`);
  return lines.join('\n');
}

/** The page with its generated block replaced (or appended when the page has none yet). */
export function updatePage(page: string, action: string, tables: string): string {
  const re = new RegExp(
    `<!-- action-docs:${action}:start -->[\\s\\S]*?<!-- action-docs:${action}:end -->`,
  );
  if (re.test(page)) return page.replace(re, () => tables);
  return `${page.replace(/\s*$/, '')}\n\n## Inputs and outputs\n\n${tables}\n`;
}

export function expectedPages(): { page: string; current: string; expected: string }[] {
  return actionPages().map(({ action, yml, page }) => {
    const spec = parse(readFileSync(yml, 'utf8')) as ActionSpec;
    const current = existsSync(page)
      ? readFileSync(page, 'utf8')
      : `# ${spec.name ?? action}\n\n${spec.description ?? ''}\n`;
    return { page, current, expected: updatePage(current, action, renderTables(action, spec)) };
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const { page, current, expected } of expectedPages()) {
    if (current !== expected) {
      writeFileSync(page, expected);
      console.log(`updated ${page.slice(REPO.length + 1)}`);
    }
  }
}
