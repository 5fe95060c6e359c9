/**
 * docs/deploy-windows.md shows the example workflows exactly as they are in docs/workflows/ (which
 * the docs drift test validates against action.yml), so a user copies what is checked.
 */
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO } from '../../lab/paths.js';

const page = readFileSync(join(REPO, 'docs', 'deploy-windows.md'), 'utf8');

describe('docs/deploy-windows.md', () => {
  test.each([
    'deploy-windows-tag.yml',
    'deploy-windows-self-hosted.yml',
    'deploy-windows-rings.yml',
  ])('contains docs/workflows/%s verbatim', (file) => {
    const text = readFileSync(join(REPO, 'docs', 'workflows', file), 'utf8');
    expect(page).toContain(`\`\`\`yaml\n${text}\`\`\``);
  });

  test('the tag workflow deploys to a production environment after the build, with max-parallel', () => {
    const wf = parse(
      readFileSync(join(REPO, 'docs', 'workflows', 'deploy-windows-tag.yml'), 'utf8'),
    ) as {
      on: { push: { tags: string[] } };
      jobs: {
        deploy: {
          needs: string;
          environment: string;
          steps: { uses?: string; with?: Record<string, unknown> }[];
        };
      };
    };
    expect(wf.on.push.tags).toEqual(['v*']);
    expect(wf.jobs.deploy.needs).toBe('build');
    expect(wf.jobs.deploy.environment).toBe('production');
    const step = wf.jobs.deploy.steps.find((s) => s.uses?.includes('actions/deploy-windows'));
    expect(step?.with).toMatchObject({ 'max-parallel': 2, 'max-failures': 0 });
    expect(String(step?.with?.['host-fingerprints'])).toContain('WINSHIP_HOST_FINGERPRINTS');
  });
});
