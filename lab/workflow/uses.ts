/**
 * What a `uses:` step runs in the lab:
 * - winship's own actions (`./`, `./actions/<name>`, `winship/winship@v1`,
 *   `winship/winship/actions/<name>@v1`): this checkout's bundles through the runner harness
 *   (`lab/runner.ts`), or its composite through `composite.ts` (rollout);
 * - actions/checkout: a clone of the fixture repository at the event's ref (`repository.ts`);
 * - actions/upload-artifact, actions/download-artifact: adapters over the real @actions/artifact
 *   client (`artifacts.ts`);
 * - actions/setup-go: NOT winship's setup-go: the Go already on this machine's PATH, said so in
 *   the step log (the real action would download Go from go.dev, which the lab cannot reach);
 * - anything else: the step fails, naming the action.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { actionDir, runAction, readActionYaml } from '../runner.js';
import { runComposite } from '../composite.js';
import { downloadArtifact, StepFailure, uploadArtifact, type AdapterContext } from './artifacts.js';
import type { LabOptions, StepOutcome } from './executor.js';
import { checkout } from './repository.js';

export interface UsesContext {
  uses: string;
  stepName: string;
  with: Record<string, string>;
  env: Record<string, string>;
  workspace: string;
  home: string;
  opts: LabOptions;
  windows: boolean;
  github: {
    ref: string;
    sha: string;
    repository: string;
    run_id: string;
    server_url: string;
    token: string;
  };
}

const empty = (log: string, ok = true): StepOutcome => ({
  ok,
  log,
  outputs: {},
  env: {},
  paths: [],
  annotations: [],
});

/** The winship action a `uses:` names, or undefined when it is not one of ours. */
export function winshipAction(uses: string): string | undefined {
  if (uses === './' || uses === '.') return '.';
  let m = /^\.\/actions\/([\w-]+)\/?$/.exec(uses);
  if (m) return m[1];
  if (/^winship\/winship@v\d+$/.test(uses)) return '.';
  m = /^winship\/winship\/actions\/([\w-]+)@v\d+$/.exec(uses);
  return m?.[1];
}

function major(uses: string): number {
  const m = /@v(\d+)(?:[.\d]*)$/.exec(uses);
  if (!m)
    throw new StepFailure(
      `'${uses}' is not pinned to a major version (@vN): the lab runs pinned majors only`,
    );
  return Number(m[1]);
}

export async function runUses(ctx: UsesContext): Promise<StepOutcome> {
  const ours = winshipAction(ctx.uses);
  if (ours !== undefined) return runWinship(ours, ctx);
  const name = ctx.uses.replace(/@.*$/, '');
  const adapter: AdapterContext = {
    major: 0,
    inputs: ctx.with,
    env: ctx.env,
    workspace: ctx.workspace,
    github: {
      serverUrl: ctx.github.server_url,
      repository: ctx.github.repository,
      runId: ctx.github.run_id,
    },
    log: () => undefined,
    warning: () => undefined,
  };
  const lines: string[] = [];
  const annotations: string[] = [];
  adapter.log = (l) => lines.push(l);
  adapter.warning = (l) => {
    lines.push(`Warning: ${l}`);
    annotations.push(`warning: ${l}`);
  };
  const done = (outputs: Record<string, string>): StepOutcome => ({
    ...empty(lines.join('\n')),
    outputs,
    annotations,
  });
  switch (name) {
    case 'actions/checkout': {
      major(ctx.uses);
      const depth = Number(ctx.with['fetch-depth'] ?? '1');
      if (!Number.isInteger(depth) || depth < 0)
        throw new StepFailure(`fetch-depth: not a number: ${ctx.with['fetch-depth']}`);
      if (ctx.with.repository && ctx.with.repository !== ctx.github.repository)
        throw new StepFailure(
          `checkout of another repository (${ctx.with.repository}) is not in the lab`,
        );
      const ref = ctx.with.ref || ctx.github.ref;
      const sha = ctx.with.ref ? ctx.opts.repo.sha(ctx.with.ref) : ctx.github.sha;
      const into = ctx.with.path ? join(ctx.workspace, ctx.with.path) : ctx.workspace;
      checkout(ctx.opts.repo.origin, into, ref, sha, depth);
      lines.push(`Checked out ${ref} (${sha}) with fetch-depth ${depth} into ${into}`);
      return done({ ref, commit: sha });
    }
    case 'actions/upload-artifact':
      adapter.major = major(ctx.uses);
      return done(await uploadArtifact(adapter));
    case 'actions/download-artifact':
      adapter.major = major(ctx.uses);
      return done(await downloadArtifact(adapter));
    case 'actions/setup-go': {
      major(ctx.uses);
      // Not winship's setup-go: the machine's Go, said so in the log.
      const goVersion = execFileSync('go', ['env', 'GOVERSION'], {
        encoding: 'utf8',
        env: ctx.env,
      }).trim();
      lines.push(
        `actions/setup-go (lab): using this machine's Go on PATH (${goVersion}); no download, inputs ${JSON.stringify(ctx.with)} not applied`,
      );
      return done({ 'go-version': goVersion.replace(/^go/, ''), 'cache-hit': 'false' });
    }
    default:
      throw new StepFailure(
        `step '${ctx.stepName}' uses '${ctx.uses}', which the lab cannot run (it runs winship's actions, actions/checkout, actions/upload-artifact, actions/download-artifact and actions/setup-go)`,
      );
  }
}

async function runWinship(name: string, ctx: UsesContext): Promise<StepOutcome> {
  const dir = name === '.' ? '.' : name;
  if (!existsSync(join(actionDir(dir), 'action.yml')))
    throw new StepFailure(`step '${ctx.stepName}': winship has no action '${name}'`);
  const spec = readActionYaml(dir);
  if (spec.runs.using === 'composite') {
    const r = await runComposite(dir, {
      inputs: ctx.with,
      env: ctx.env,
      uses: new Proxy(
        {},
        {
          get: (_t, uses: string) => async (withValues: Record<string, string>) => {
            const out = await runUses({
              ...ctx,
              uses,
              stepName: `${ctx.stepName} / ${uses}`,
              with: withValues,
            });
            if (!out.ok) throw new StepFailure(out.log);
          },
        },
      ),
    });
    return {
      ok: r.exitCode === 0,
      log: r.stdout,
      outputs: r.outputs,
      env: {},
      paths: [],
      annotations: r.annotations.map((a) => `${a.level}: ${a.message}`),
    };
  }
  const r = await runAction(dir, {
    inputs: ctx.with,
    env: ctx.env,
    workspace: ctx.workspace,
    home: ctx.home,
    toolCache: ctx.opts.toolCache,
    context: { 'github.token': ctx.github.token },
    timeoutMs: 900_000,
  });
  // The runner hides ::debug:: lines unless debug logging is on; so does the lab's log.
  const log = [r.stdout, r.stderr, r.post ? `-- post\n${r.post.stdout}${r.post.stderr}` : '']
    .filter(Boolean)
    .join('\n')
    .split('\n')
    .filter((l) => !l.startsWith('::debug::'))
    .join('\n');
  return {
    ok: r.exitCode === 0 && (r.post?.exitCode ?? 0) === 0,
    log,
    outputs: r.outputs,
    env: r.env,
    paths: r.paths,
    annotations: r.annotations.map((a) => `${a.level}: ${a.message}`),
  };
}
