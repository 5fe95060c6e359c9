/** Running the bundled setup-go through the runner harness against the test mirror. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runAction, type ActionResult, type RunOptions } from '../../lab/runner.js';
import { labTemp } from '../../lab/paths.js';

export interface SetupGoRun extends ActionResult {
  workspace: string;
  toolCache: string;
  gopath: string;
}

export interface SetupGoOptions extends Omit<RunOptions, 'inputs' | 'workspace' | 'home'> {
  /** Files to write into the workspace first (relative path -> contents). */
  files?: Record<string, string>;
  /** Called with the run's folders before the action starts. */
  prepare?: (dirs: { home: string; workspace: string; gopath: string }) => void;
}

/**
 * Runs setup-go with its own runner home, workspace and GOPATH (so nothing lands in ~/go); a
 * toolCache may be shared between runs to exercise cache hits.
 */
export async function runSetupGo(
  inputs: Record<string, string>,
  opts: SetupGoOptions = {},
): Promise<SetupGoRun> {
  const home = labTemp('winship-setup-go-');
  const workspace = join(home, 'workspace');
  const gopath = join(home, 'gopath');
  const toolCache = opts.toolCache ?? join(home, 'toolcache');
  mkdirSync(workspace, { recursive: true });
  for (const [name, text] of Object.entries(opts.files ?? {})) {
    const p = join(workspace, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  opts.prepare?.({ home, workspace, gopath });
  const result = await runAction('setup-go', {
    ...opts,
    inputs,
    home,
    workspace,
    toolCache,
    env: { GOPATH: gopath, GOROOT: undefined, ...opts.env },
  });
  return { ...result, workspace, toolCache, gopath };
}

/** The one error annotation of a failed run (and nothing else on the way). */
export function errorOf(run: ActionResult): string {
  const errors = run.annotations.filter((a) => a.level === 'error');
  if (errors.length !== 1)
    throw new Error(
      `expected one error annotation, got ${JSON.stringify(run.annotations)}\n${run.stdout}`,
    );
  return errors[0]!.message;
}
