/**
 * Expands a composite action's steps the way the runner does, for the expressions winship's
 * composites use (`inputs.*`, `runner.temp`, `github.workspace`, `github.action_path`,
 * `steps.<id>.outputs.*`): `run` steps really run in bash with their env and the runner's file
 * commands; `uses` steps of other repositories (actions/download-artifact) are handed to a
 * stand-in the test provides, which receives exactly the `with:` values the runner would pass.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { actionDir, parseAnnotations, parseKeyValueFile, type Annotation } from './runner.js';
import { labTemp } from './paths.js';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}

interface CompositeYaml {
  inputs?: Record<string, { default?: string; required?: boolean }>;
  outputs?: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

export type UsesHandler = (withValues: Record<string, string>) => Promise<void> | void;

export interface CompositeResult {
  exitCode: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  annotations: Annotation[];
  /** The `with:` values each `uses:` step received, in order. */
  uses: { uses: string; with: Record<string, string> }[];
}

export async function runComposite(
  name: string,
  opts: {
    inputs: Record<string, string>;
    uses: Record<string, UsesHandler>;
    env?: Record<string, string>;
    /** A copy of winship's action folders to run instead of this checkout's. */
    actionRoot?: string;
  },
): Promise<CompositeResult> {
  const dir = actionDir(name, opts.actionRoot);
  const spec = parse(readFileSync(join(dir, 'action.yml'), 'utf8')) as CompositeYaml;
  if (spec.runs.using !== 'composite') throw new Error(`${name} is not a composite action`);
  const home = labTemp('winship-composite-');
  const temp = join(home, 'temp');
  const workspace = join(home, 'workspace');
  mkdirSync(temp, { recursive: true });
  mkdirSync(workspace, { recursive: true });

  const inputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.inputs ?? {})) {
    if (k in opts.inputs) inputs[k] = opts.inputs[k]!;
    else if (v.required) throw new Error(`${name}: required input '${k}' not given`);
    else inputs[k] = v.default ?? '';
  }
  for (const k of Object.keys(opts.inputs))
    if (!(k in inputs)) throw new Error(`${name}: action.yml declares no input '${k}'`);

  const stepOutputs: Record<string, Record<string, string>> = {};
  const evaluate = (text: string): string =>
    text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
      let m: RegExpExecArray | null;
      if ((m = /^inputs\.([\w-]+)$/.exec(expr))) return inputs[m[1]!] ?? '';
      if (expr === 'runner.temp') return temp;
      if (expr === 'github.workspace') return workspace;
      if (expr === 'github.action_path') return dir;
      if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr)))
        return stepOutputs[m[1]!]?.[m[2]!] ?? '';
      throw new Error(`${name}: expression not supported by the harness: ${expr}`);
    });

  const result: CompositeResult = {
    exitCode: 0,
    stdout: '',
    outputs: {},
    summary: '',
    annotations: [],
    uses: [],
  };
  for (const [i, step] of spec.runs.steps.entries()) {
    if (step.uses) {
      const withValues = Object.fromEntries(
        Object.entries(step.with ?? {}).map(([k, v]) => [k, evaluate(String(v))]),
      );
      result.uses.push({ uses: step.uses, with: withValues });
      const handler = opts.uses[step.uses];
      if (!handler) throw new Error(`${name}: no stand-in given for ${step.uses}`);
      await handler(withValues);
      continue;
    }
    if (step.shell !== 'bash') throw new Error(`${name}: step ${i} needs shell: bash`);
    const files = join(home, `step-${i}`);
    mkdirSync(files);
    const fileVars = {
      GITHUB_OUTPUT: join(files, 'output'),
      GITHUB_ENV: join(files, 'env'),
      GITHUB_PATH: join(files, 'path'),
      GITHUB_STATE: join(files, 'state'),
      GITHUB_STEP_SUMMARY: join(files, 'summary'),
    };
    for (const f of Object.values(fileVars)) writeFileSync(f, '');
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env))
      if (v !== undefined && !/^(INPUT_|STATE_|GITHUB_|RUNNER_)/.test(k)) env[k] = v;
    Object.assign(env, {
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTION_PATH: dir,
      GITHUB_WORKSPACE: workspace,
      GITHUB_REF: 'refs/heads/main',
      RUNNER_TEMP: temp,
      RUNNER_OS: 'Linux',
      ...opts.env,
      ...fileVars,
    });
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = evaluate(String(v));
    // The runner's bash invocation for `shell: bash`.
    const child = spawn(
      'bash',
      ['--noprofile', '--norc', '-eo', 'pipefail', '-c', evaluate(step.run ?? '')],
      {
        env,
        cwd: workspace,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number>((res) => child.on('close', (c) => res(c ?? 1)));
    result.stdout += out;
    result.annotations.push(...parseAnnotations(out));
    result.summary += readFileSync(fileVars.GITHUB_STEP_SUMMARY, 'utf8');
    if (step.id)
      stepOutputs[step.id] = parseKeyValueFile(readFileSync(fileVars.GITHUB_OUTPUT, 'utf8'));
    if (code !== 0) {
      result.exitCode = code;
      break;
    }
  }
  for (const [k, v] of Object.entries(spec.outputs ?? {})) result.outputs[k] = evaluate(v.value);
  return result;
}
