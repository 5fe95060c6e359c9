/**
 * Writes actions/rollout/action.yml, the composite for a release job: actions/download-artifact
 * fetches the build (the major pinned in lab/workflow/majors.ts), then this repository's deploy-windows bundle runs with the same inputs as
 * actions/deploy-windows (generated from its action.yml, so the two cannot drift). A composite
 * cannot `uses:` a sibling folder by relative path, hence `node "${{ github.action_path }}/…"`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { REPO } from './docs-tables.js';
import { MAJORS } from '../lab/workflow/majors.js';

interface InputSpec {
  description?: string;
  default?: string;
  required?: boolean;
}

/** Inputs of deploy-windows that the composite sets itself. */
const OWN = new Set(['mode', 'artifact', 'artifact-run-id', 'github-token']);

export function rolloutActionYaml(): string {
  const deploy = parse(
    readFileSync(join(REPO, 'actions', 'deploy-windows', 'action.yml'), 'utf8'),
  ) as {
    inputs: Record<string, InputSpec>;
    outputs: Record<string, { description: string }>;
  };
  const passed = Object.keys(deploy.inputs).filter((k) => !OWN.has(k));
  const inputs: Record<string, InputSpec> = {
    'artifact-pattern': {
      description:
        "Glob of the workflow artifacts that make up the build, downloaded into one folder: actions/build uploads the Windows zip, the manifest and the checksums as '<name>_<version>_…' (for example 'hello-service_1.2.3_*').",
      required: true,
    },
  };
  for (const k of passed) inputs[k] = deploy.inputs[k]!;
  const env: Record<string, string> = {
    INPUT_MODE: 'ssh',
    INPUT_ARTIFACT: '${{ runner.temp }}/winship-rollout',
  };
  for (const k of passed) env[`INPUT_${k.toUpperCase()}`] = `\${{ inputs.${k} }}`;
  const outputs: Record<string, { description: string; value: string }> = {};
  for (const [k, v] of Object.entries(deploy.outputs))
    outputs[k] = { description: v.description, value: `\${{ steps.deploy.outputs.${k} }}` };
  const doc = {
    name: 'winship rollout',
    description:
      'Release job in one step: download the build artifact with actions/download-artifact, then roll it out to Windows Server hosts over OpenSSH with winship deploy-windows.',
    author: 'winship',
    inputs,
    outputs,
    runs: {
      using: 'composite',
      steps: [
        // Two downloads into one folder, because download-artifact@v8 unzips by content type:
        // the first unzips the build's manifest artifact (manifest.json, SHA256SUMS); the second
        // keeps each file the build uploaded as-is (the Windows .zip) as the file it is, which
        // the deploy verifies against the manifest before taking the program out of it.
        {
          name: 'Download the build (manifest and checksums)',
          uses: `actions/download-artifact@v${MAJORS['actions/download-artifact']}`,
          with: {
            pattern: '${{ inputs.artifact-pattern }}',
            path: '${{ runner.temp }}/winship-rollout',
            'merge-multiple': 'true',
          },
        },
        {
          name: 'Download the build (release files as uploaded)',
          uses: `actions/download-artifact@v${MAJORS['actions/download-artifact']}`,
          with: {
            pattern: '${{ inputs.artifact-pattern }}',
            path: '${{ runner.temp }}/winship-rollout',
            'merge-multiple': 'true',
            'skip-decompress': 'true',
          },
        },
        {
          name: 'Deploy',
          id: 'deploy',
          shell: 'bash',
          run: 'node "$GITHUB_ACTION_PATH/../../dist/deploy-windows/index.js"',
          env,
        },
      ],
    },
  };
  return (
    '# Generated from actions/deploy-windows/action.yml by `npm run generate`.\n' +
    stringify(doc, { lineWidth: 100 })
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(join(REPO, 'actions', 'rollout', 'action.yml'), rolloutActionYaml());
  console.log('wrote actions/rollout/action.yml');
}
