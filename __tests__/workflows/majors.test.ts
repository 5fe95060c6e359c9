/**
 * One table of the other actions' majors (lab/workflow/majors.ts): no workflow, doc page, README
 * or action.yml in this repository may pin an older major of those actions.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../lab/paths.js';
import { MAJORS, findPins } from '../../lab/workflow/majors.js';

function files(): string[] {
  const out = ['README.md', 'action.yml'];
  for (const dir of ['docs', 'docs/workflows', '.github/workflows'])
    for (const f of readdirSync(join(REPO, dir)))
      if (/\.(md|ya?ml)$/.test(f)) out.push(`${dir}/${f}`);
  for (const a of readdirSync(join(REPO, 'actions'))) out.push(`actions/${a}/action.yml`);
  return out;
}

describe('pinned majors', () => {
  it('finds pins of actions/* and not paths inside other repositories', () => {
    expect(
      findPins(
        '- uses: actions/checkout@v7\n  uses: winship/winship/actions/setup-go@v1\n  uses: actions/download-artifact@v8.0.1',
      ),
    ).toEqual([
      { action: 'actions/checkout', major: 7, line: 1 },
      { action: 'actions/download-artifact', major: 8, line: 3 },
    ]);
  });

  it('no workflow, doc, README or action.yml pins an older major than the table', () => {
    const stale: string[] = [];
    for (const f of files()) {
      for (const p of findPins(readFileSync(join(REPO, f), 'utf8'))) {
        const want = MAJORS[p.action as keyof typeof MAJORS];
        if (want !== undefined && p.major < want)
          stale.push(`${f}:${p.line}: ${p.action}@v${p.major} (current: v${want})`);
      }
    }
    expect(stale).toEqual([]);
  });
});
