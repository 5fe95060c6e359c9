/**
 * Runs a bundled action the way the GitHub Actions runner does: `node24 dist/<name>/index.js` as a
 * child process, inputs as INPUT_<NAME> with defaults from the action's action.yml, fresh file
 * commands (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH, GITHUB_STATE, GITHUB_STEP_SUMMARY), then the
 * `post:` entry with STATE_* from the state file. Results are parsed from the real file formats.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { GOCACHE, labTemp, NODE24, REPO } from './paths.js';

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  file?: string;
  line?: number;
  title?: string;
}

export interface StepResult {
  exitCode: number;
  /** The signal that ended the process, when one did (a cancellation that went as far as SIGKILL). */
  killedBy?: NodeJS.Signals;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  env: Record<string, string>;
  paths: string[];
  state: Record<string, string>;
  summary: string;
  annotations: Annotation[];
  masks: string[];
  matchers: string[];
}

export interface ActionResult extends StepResult {
  post?: StepResult;
  /** The folder that held RUNNER_TEMP, the file commands and (by default) the tool cache. */
  home: string;
}

export interface RunOptions {
  inputs?: Record<string, string | number | boolean>;
  /** Extra environment; `undefined` values remove a variable the harness would set. */
  env?: Record<string, string | undefined>;
  workspace?: string;
  toolCache?: string;
  /** Reuse a runner home (RUNNER_TEMP etc.) across steps, as one job does. */
  home?: string;
  runPost?: boolean;
  timeoutMs?: number;
  /**
   * Cancel the main step as the runner does (a signal to the node process) once its output
   * matches `when`: a cancellation at a known point.
   */
  signalMain?: { when: RegExp; signal: NodeJS.Signals };
  /**
   * Cancels the main step with the runner's own sequence once its output matches `when`: SIGINT,
   * SIGTERM 7.5 s later, SIGKILL 2.5 s after that (the step's `killedBy` says how far it went).
   */
  cancelMain?: { when: RegExp };
  /** Called with each step's process id as it starts (benches sample its memory and descriptors). */
  onStart?: (kind: string, pid: number) => void;
  /**
   * Does something to the world (a host) once the main step's output matches `when`, while the
   * step keeps running: a failure injected at a known point.
   */
  duringMain?: { when: RegExp; run: () => void };
  /** Expression values for `${{ … }}` in input defaults, e.g. { 'github.token': '…' }. */
  context?: Record<string, string>;
  node?: string;
  /** A copy of winship's action folders to run instead of this checkout's (see actionDir). */
  actionRoot?: string;
}

interface ActionYaml {
  name: string;
  inputs?: Record<string, { default?: string | number | boolean; required?: boolean }>;
  outputs?: Record<string, unknown>;
  runs: { using: string; main?: string; post?: string; 'post-if'?: string; steps?: unknown[] };
}

/** An action's folder in `root`: this checkout, or a copy a test edited (a defect put back). */
export function actionDir(name: string, root: string = REPO): string {
  return name === '.' || name === 'root' ? root : join(root, 'actions', name);
}

export function readActionYaml(name: string, root: string = REPO): ActionYaml {
  return parseYaml(readFileSync(join(actionDir(name, root), 'action.yml'), 'utf8')) as ActionYaml;
}

/** The runner's name mangling: upper-case, spaces to underscores, hyphens kept. */
export function inputEnvName(input: string): string {
  return `INPUT_${input.replace(/ /g, '_').toUpperCase()}`;
}

function evaluateDefault(value: string, context: Record<string, string>): string {
  return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => context[expr] ?? '');
}

export async function runAction(name: string, opts: RunOptions = {}): Promise<ActionResult> {
  const spec = readActionYaml(name, opts.actionRoot);
  if (!/^node\d+$/.test(spec.runs.using) || !spec.runs.main)
    throw new Error(`${name}: not a JavaScript action (runs.using: ${spec.runs.using})`);
  const home = opts.home ?? labTemp('winship-runner-');
  const temp = join(home, 'temp');
  const toolCache = opts.toolCache ?? join(home, 'toolcache');
  const workspace = opts.workspace ?? join(home, 'workspace');
  for (const d of [temp, toolCache, workspace]) mkdirSync(d, { recursive: true });

  const context: Record<string, string> = {
    'github.token': '',
    'github.workspace': workspace,
    'runner.temp': temp,
    ...opts.context,
  };
  const inputEnv: Record<string, string> = {};
  for (const [input, def] of Object.entries(spec.inputs ?? {})) {
    if (def.default !== undefined)
      inputEnv[inputEnvName(input)] = evaluateDefault(String(def.default), context);
  }
  for (const [input, value] of Object.entries(opts.inputs ?? {})) {
    if (spec.inputs && !(input in spec.inputs))
      throw new Error(`${name}: action.yml declares no input '${input}'`);
    inputEnv[inputEnvName(input)] = String(value);
  }

  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    // A step sees no INPUT_/STATE_ of another step, nor the runner variables of the test process.
    if (v !== undefined && !/^(INPUT_|STATE_|GITHUB_|RUNNER_)/.test(k)) base[k] = v;
  }
  const common: Record<string, string> = {
    ...base,
    GOCACHE,
    GOTOOLCHAIN: 'local',
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_ACTION_PATH: actionDir(name, opts.actionRoot),
    GITHUB_REPOSITORY: 'winship-test/hello-service',
    GITHUB_SERVER_URL: 'http://127.0.0.1:9',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_RUN_ID: '1',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_REF_TYPE: 'branch',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    GITHUB_EVENT_NAME: 'push',
    RUNNER_TEMP: temp,
    RUNNER_TOOL_CACHE: toolCache,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: process.arch === 'arm64' ? 'ARM64' : 'X64',
    RUNNER_NAME: 'winship-harness',
  };
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete common[k];
    else common[k] = v;
  }

  const dir = actionDir(name, opts.actionRoot);
  const main = await runStep(
    resolve(dir, spec.runs.main),
    { ...common, ...inputEnv },
    home,
    'main',
    opts,
  );
  const result: ActionResult = { ...main, home };
  if (spec.runs.post && opts.runPost !== false) {
    const postIf = spec.runs['post-if'] ?? 'success()';
    const runPost = postIf.includes('always()') || main.exitCode === 0;
    if (runPost) {
      const stateEnv: Record<string, string> = {};
      for (const [k, v] of Object.entries(main.state)) stateEnv[`STATE_${k}`] = v;
      result.post = await runStep(
        resolve(dir, spec.runs.post),
        { ...common, ...inputEnv, ...stateEnv },
        home,
        'post',
        opts,
      );
    }
  }
  return result;
}

let stepCounter = 0;

async function runStep(
  script: string,
  env: Record<string, string>,
  home: string,
  kind: string,
  opts: RunOptions,
): Promise<StepResult> {
  if (!existsSync(script)) throw new Error(`${script} does not exist: run 'npm run bundle' first`);
  const files = join(home, 'files', `${kind}-${++stepCounter}`);
  mkdirSync(files, { recursive: true });
  const fileVars = {
    GITHUB_OUTPUT: join(files, 'output'),
    GITHUB_ENV: join(files, 'env'),
    GITHUB_PATH: join(files, 'path'),
    GITHUB_STATE: join(files, 'state'),
    GITHUB_STEP_SUMMARY: join(files, 'summary'),
  };
  for (const f of Object.values(fileVars)) writeFileSync(f, '');
  const node = opts.node ?? NODE24;
  const child = spawn(node, [script], {
    env: { ...env, ...fileVars },
    cwd: env.GITHUB_WORKSPACE,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let signalled = false;
  let acted = false;
  let cancelled = false;
  const cancelTimers: NodeJS.Timeout[] = [];
  if (child.pid) opts.onStart?.(kind, child.pid);
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (kind === 'main' && opts.signalMain && !signalled && opts.signalMain.when.test(stdout)) {
      signalled = true;
      child.kill(opts.signalMain.signal);
    }
    if (kind === 'main' && opts.duringMain && !acted && opts.duringMain.when.test(stdout)) {
      acted = true;
      opts.duringMain.run();
    }
    if (kind === 'main' && opts.cancelMain && !cancelled && opts.cancelMain.when.test(stdout)) {
      cancelled = true;
      child.kill('SIGINT');
      cancelTimers.push(
        setTimeout(() => child.kill('SIGTERM'), 7500),
        setTimeout(() => child.kill('SIGKILL'), 10_000),
      );
    }
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timeout = opts.timeoutMs ?? 300_000;
  let killedBy: NodeJS.Signals | undefined;
  const exitCode = await new Promise<number>((resolveExit, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not finish within ${timeout} ms\n${stdout}\n${stderr}`));
    }, timeout);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      for (const t of cancelTimers) clearTimeout(t);
      if (signal) killedBy = signal;
      resolveExit(code ?? 1);
    });
  });
  return {
    exitCode,
    ...(killedBy ? { killedBy } : {}),
    stdout,
    stderr,
    outputs: parseKeyValueFile(readFileSync(fileVars.GITHUB_OUTPUT, 'utf8')),
    env: parseKeyValueFile(readFileSync(fileVars.GITHUB_ENV, 'utf8')),
    paths: readFileSync(fileVars.GITHUB_PATH, 'utf8')
      .split(/\r?\n/)
      .filter((l) => l !== ''),
    state: parseKeyValueFile(readFileSync(fileVars.GITHUB_STATE, 'utf8')),
    summary: readFileSync(fileVars.GITHUB_STEP_SUMMARY, 'utf8'),
    annotations: parseAnnotations(stdout),
    masks: parseCommands(stdout, 'add-mask').map((c) => c.message),
    matchers: parseCommands(stdout, 'add-matcher').map((c) => c.message),
  };
}

/** The runner's file-command format: `name<<DELIM` blocks and plain `name=value` lines. */
export function parseKeyValueFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, key, delim] = heredoc as unknown as [string, string, string];
      const value: string[] = [];
      i++;
      while (i < lines.length && lines[i] !== delim) value.push(lines[i++]!);
      if (i >= lines.length) throw new Error(`unterminated ${key}<<${delim} block`);
      out[key] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`malformed file-command line: ${line}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}
function unescapeProperty(s: string): string {
  return unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',');
}

interface Command {
  command: string;
  props: Record<string, string>;
  message: string;
}

function parseCommands(stdout: string, name?: string): Command[] {
  const out: Command[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const [, command, propText, message] = m as unknown as [
      string,
      string,
      string | undefined,
      string,
    ];
    if (name && command !== name) continue;
    const props: Record<string, string> = {};
    for (const p of (propText ?? '').split(',').filter(Boolean)) {
      const eq = p.indexOf('=');
      props[p.slice(0, eq)] = unescapeProperty(p.slice(eq + 1));
    }
    out.push({ command, props, message: unescapeData(message) });
  }
  return out;
}

export function parseAnnotations(stdout: string): Annotation[] {
  return parseCommands(stdout)
    .filter((c) => c.command === 'error' || c.command === 'warning' || c.command === 'notice')
    .map((c) => {
      const a: Annotation = { level: c.command as Annotation['level'], message: c.message };
      if (c.props.file) a.file = c.props.file;
      if (c.props.line) a.line = Number(c.props.line);
      if (c.props.title) a.title = c.props.title;
      return a;
    });
}

/** Where a test may write a file that a step reads: inside the runner home. */
export function homeFile(home: string, ...parts: string[]): string {
  const p = join(home, ...parts);
  mkdirSync(dirname(p), { recursive: true });
  return p;
}
