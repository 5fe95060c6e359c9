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
 * - actions/attest-build-provenance: GitHub's attestation service (Sigstore, the attestations
 *   API) cannot be reached from the lab, so it is stood in for at its interface: the adapter
 *   checks what the real action needs (the job's `id-token: write` and `attestations: write`,
 *   exactly one subject input, a `subject-checksums` file in sha256sum format), records the
 *   subjects in `opts.attestations` and sets the action's outputs; it never skips silently;
 * - anything else: the step fails, naming the action.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionDir, runAction, readActionYaml } from '../runner.js';
import { runComposite } from '../composite.js';
import { downloadArtifact, StepFailure, uploadArtifact, type AdapterContext } from './artifacts.js';
import type { LabOptions, StepOutcome } from './executor.js';
import { checkout } from './repository.js';
import type { Permissions } from './parse.js';

/** One attestation the lab's actions/attest-build-provenance stand-in recorded. */
export interface AttestationRecord {
  job: string;
  predicateType: 'https://slsa.dev/provenance/v1';
  subjects: { name: string; digest: { sha256: string } }[];
  repository: string;
  ref: string;
  sha: string;
}

export interface UsesContext {
  uses: string;
  stepName: string;
  with: Record<string, string>;
  env: Record<string, string>;
  workspace: string;
  home: string;
  opts: LabOptions;
  windows: boolean;
  /** The job's effective permissions; undefined: the repository's defaults. */
  permissions?: Permissions | undefined;
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
    case 'actions/attest-build-provenance': {
      major(ctx.uses);
      const r = attestBuildProvenance(ctx);
      lines.push(...r.log);
      return done(r.outputs);
    }
    default:
      throw new StepFailure(
        `step '${ctx.stepName}' uses '${ctx.uses}', which the lab cannot run (it runs winship's actions, actions/checkout, actions/upload-artifact, actions/download-artifact, actions/setup-go and a stand-in for actions/attest-build-provenance)`,
      );
  }
}

async function runWinship(name: string, ctx: UsesContext): Promise<StepOutcome> {
  const dir = name === '.' ? '.' : name;
  const root = ctx.opts.actionRoot;
  if (!existsSync(join(actionDir(dir, root), 'action.yml')))
    throw new StepFailure(`step '${ctx.stepName}': winship has no action '${name}'`);
  const spec = readActionYaml(dir, root);
  if (spec.runs.using === 'composite') {
    const r = await runComposite(dir, {
      inputs: ctx.with,
      env: ctx.env,
      ...(root ? { actionRoot: root } : {}),
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
    ...(root ? { actionRoot: root } : {}),
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

/** A scope the job may write: `write-all`, or the scope itself set to `write`. */
function canWrite(p: Permissions | undefined, scope: string): boolean {
  if (!p) return false; // The default token of a new repository is read-only, and has no id-token.
  return p['*'] === 'write-all' || p[scope] === 'write';
}

/**
 * actions/attest-build-provenance at its interface: the checks the real action would fail on, then
 * the subjects recorded where the test can see them (GitHub's attestation service stood in for).
 */
function attestBuildProvenance(ctx: UsesContext): {
  outputs: Record<string, string>;
  log: string[];
} {
  for (const scope of ['id-token', 'attestations'])
    if (!canWrite(ctx.permissions, scope))
      throw new StepFailure(
        `actions/attest-build-provenance needs \`permissions: ${scope}: write\` in the job (or the workflow); it has ${JSON.stringify(ctx.permissions ?? 'the defaults')}`,
      );
  const given = ['subject-path', 'subject-digest', 'subject-checksums'].filter((k) => ctx.with[k]);
  if (given.length !== 1)
    throw new StepFailure(
      `actions/attest-build-provenance needs exactly one of subject-path, subject-digest, subject-checksums (got ${given.join(', ') || 'none'})`,
    );
  if (given[0] !== 'subject-checksums')
    throw new StepFailure(
      `the lab's actions/attest-build-provenance stand-in takes subject-checksums only (got ${given[0]})`,
    );
  const file = ctx.with['subject-checksums']!;
  if (!existsSync(file)) throw new StepFailure(`subject-checksums: ${file} does not exist`);
  const subjects = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line, i) => {
      const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
      if (!m)
        throw new StepFailure(
          `subject-checksums: line ${i + 1} of ${file} is not '<sha256>  <name>': ${line}`,
        );
      return { name: m[2]!, digest: { sha256: m[1]! } };
    });
  if (subjects.length === 0) throw new StepFailure(`subject-checksums: ${file} lists no subjects`);
  if (new Set(subjects.map((s) => s.name)).size !== subjects.length)
    throw new StepFailure(`subject-checksums: ${file} lists a name twice`);
  const record: AttestationRecord = {
    job: ctx.env.GITHUB_JOB ?? '',
    predicateType: 'https://slsa.dev/provenance/v1',
    subjects,
    repository: ctx.github.repository,
    ref: ctx.github.ref,
    sha: ctx.github.sha,
  };
  (ctx.opts.attestations ??= []).push(record);
  const id = String(ctx.opts.attestations.length);
  return {
    outputs: {
      'attestation-id': id,
      'attestation-url': `${ctx.github.server_url}/${ctx.github.repository}/attestations/${id}`,
      'bundle-path': '',
    },
    log: [
      `actions/attest-build-provenance (lab stand-in for GitHub's attestation service): ${subjects.length} subject(s) recorded, not signed`,
      ...subjects.map((s) => `  ${s.digest.sha256}  ${s.name}`),
    ],
  };
}
