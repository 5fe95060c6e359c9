/**
 * Reads a workflow file exactly as GitHub does, with @actions/workflow-parser: schema validation
 * and the job model (ids, needs, if with its implied success(), strategy, outputs, env). The
 * model leaves out a step's `with:`, `shell:` and `working-directory:`, so those are read from
 * the same parse's token tree, step by step in the same order.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import {
  NoOperationTraceWriter,
  convertWorkflowTemplate,
  parseWorkflow,
} from '@actions/workflow-parser';
import type { TokenJson } from './expressions.js';

export interface StepSpec {
  /** The step id (a generated `__run…` one when the workflow gives none). */
  id: string;
  /** Whether the id was written in the workflow (only those are `steps.<id>`). */
  explicitId: boolean;
  name?: TokenJson;
  if: TokenJson;
  uses?: string;
  run?: TokenJson;
  shell?: string;
  workingDirectory?: TokenJson;
  with?: TokenJson;
  env?: TokenJson;
  continueOnError?: TokenJson;
}

export interface JobSpec {
  id: string;
  name?: TokenJson;
  needs: string[];
  if: TokenJson;
  runsOn?: TokenJson;
  strategy?: TokenJson;
  outputs?: TokenJson;
  env?: TokenJson;
  /** The job's `environment:` (a name, or `{ name, url }`), recorded: no reviewer is asked here. */
  environment?: TokenJson;
  /** The job's `permissions:` (`{ '*': 'read-all' }` for the short forms); undefined: the workflow's. */
  permissions?: Permissions;
  steps: StepSpec[];
}

/** `permissions:` as scope -> access; the short forms (`read-all`, `write-all`) under `*`. */
export type Permissions = Record<string, string>;

export interface WorkflowSpec {
  file: string;
  name: string;
  events: Record<string, unknown>;
  env?: TokenJson;
  permissions?: Permissions;
  jobs: JobSpec[];
}

export class WorkflowParseError extends Error {}

function permissionsOf(t: TokenJson | undefined): Permissions | undefined {
  if (t === undefined) return undefined;
  if (typeof t === 'string') return { '*': t };
  if (t && typeof t === 'object' && 'map' in t)
    return Object.fromEntries(t.map.map((p) => [String(p.Key), String(p.Value)]));
  return undefined;
}

type Raw = { type: 2; map: { Key: TokenJson; Value: TokenJson }[] };

function get(m: TokenJson | undefined, key: string): TokenJson | undefined {
  if (!m || typeof m !== 'object' || !('map' in m)) return undefined;
  return m.map.find((p) => p.Key === key)?.Value;
}

export async function loadWorkflow(file: string, root = process.cwd()): Promise<WorkflowSpec> {
  const name = relative(root, file) || file;
  const parsed = parseWorkflow(
    { name, content: readFileSync(file, 'utf8') },
    new NoOperationTraceWriter(),
  );
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (errors.length || !parsed.value)
    throw new WorkflowParseError(`${name} is not a valid workflow:\n${errors.join('\n')}`);
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  if (template.errors?.length)
    throw new WorkflowParseError(`${name}: ${template.errors.map((e) => e.Message).join('\n')}`);
  const raw = JSON.parse(JSON.stringify(parsed.value)) as Raw;
  const rawJobs = get(raw, 'jobs');
  const json = (t: unknown) =>
    t === undefined ? undefined : (JSON.parse(JSON.stringify(t)) as TokenJson);
  const jobs: JobSpec[] = template.jobs.map((job) => {
    if (job.type !== 'job')
      throw new WorkflowParseError(
        `${name}: job ${job.id.value} calls a reusable workflow (not supported)`,
      );
    const rawSteps = get(get(rawJobs, job.id.value), 'steps');
    const stepTokens =
      rawSteps && typeof rawSteps === 'object' && 'seq' in rawSteps ? rawSteps.seq : [];
    const steps: StepSpec[] = job.steps.map((s, i) => {
      const r = stepTokens[i];
      const step: StepSpec = {
        id: s.id,
        explicitId: get(r, 'id') !== undefined,
        if: json('if' in s ? s.if : undefined) ?? { type: 3, expr: 'success()' },
      };
      if ('uses' in s) step.uses = s.uses.value;
      if ('run' in s) step.run = json(s.run)!;
      const optional: [keyof StepSpec, string][] = [
        ['name', 'name'],
        ['with', 'with'],
        ['env', 'env'],
        ['workingDirectory', 'working-directory'],
        ['continueOnError', 'continue-on-error'],
      ];
      for (const [k, yamlKey] of optional) {
        const v = get(r, yamlKey);
        if (v !== undefined) (step as unknown as Record<string, TokenJson>)[k] = v;
      }
      const shell = get(r, 'shell');
      if (shell !== undefined) step.shell = String(shell);
      return step;
    });
    const spec: JobSpec = {
      id: job.id.value,
      needs: (job.needs ?? []).map((n) => n.value),
      if: json(job.if)!,
      steps,
    };
    if (job.name) spec.name = json(job.name)!;
    if (job['runs-on']) spec.runsOn = json(job['runs-on'])!;
    if (job.strategy) spec.strategy = json(job.strategy)!;
    if (job.outputs) spec.outputs = json(job.outputs)!;
    if (job.env) spec.env = json(job.env)!;
    const environment = get(get(rawJobs, job.id.value), 'environment');
    if (environment !== undefined) spec.environment = environment;
    const permissions = permissionsOf(get(get(rawJobs, job.id.value), 'permissions'));
    if (permissions) spec.permissions = permissions;
    return spec;
  });
  const wfName = get(raw, 'name');
  return {
    file: name,
    name: typeof wfName === 'string' ? wfName : name,
    events: template.events as Record<string, unknown>,
    ...(template.env ? { env: json(template.env)! } : {}),
    ...(permissionsOf(get(raw, 'permissions'))
      ? { permissions: permissionsOf(get(raw, 'permissions'))! }
      : {}),
    jobs,
  };
}
