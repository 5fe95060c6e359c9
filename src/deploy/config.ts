/**
 * The inputs of actions/deploy-windows as one typed configuration, checked completely before any
 * download or connection: a mistake is one InputError naming the input. Secrets are masked the
 * moment they are read and kept in memory only.
 */
import { durationSeconds } from '../runner/duration.js';
import { InputError } from '../runner/errors.js';
import { Inputs, splitList } from '../runner/inputs.js';
import { parseFingerprints, parseKnownHosts } from '../hosts/host-keys.js';
import { targetLabel, type HostKeyPolicy, type SshTarget } from '../hosts/ssh.js';
import { sshHostProfile, type SshHostProfile } from '../hosts/lab.js';
import type { HealthSpec, ServiceSpec } from '../engine/index.js';
import { DEFAULT_ROOT } from '../engine/index.js';
import { environmentReferenceProblem } from '../windows/service.js';
import { validateWindowsPath } from '../windows/validate.js';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseHost, parseHosts, parseHostsFile } from './hosts.js';
import { ON_HALT, parseWaves, type OnHalt, type WaveSpec } from './waves.js';
import { parseThumbprint, type Pin } from '../signing/thumbprint.js';

export type StartType = ServiceSpec['startType'];

export interface DeployConfig {
  mode: 'local' | 'ssh';
  hosts: SshTarget[];
  /** The bastion every host is reached through (ProxyJump), pinned like the hosts. */
  jumpHost?: SshTarget;
  privateKey: string;
  passphrase?: string;
  hostKeys: HostKeyPolicy;
  insecureHostKeys: boolean;
  artifact: string[];
  artifactRunId?: number;
  githubToken: string;
  binary: string;
  version?: string;
  /** The service; `name` empty means the build's binary name. */
  service: ServiceSpec;
  root: string;
  keepReleases: number;
  profile: string;
  tuningUnreadable: 'fail' | 'skip';
  health: Omit<HealthSpec, 'expectVersion'> & { expectVersion: boolean };
  maxParallel: number;
  maxFailures: number;
  /** The cumulative hosts after each wave; empty: one wave. */
  waves: WaveSpec[];
  /** How long the hosts upgraded so far must stay healthy after each wave but the last. */
  bakeSeconds: number;
  /** Bake after the last wave too (a ring whose next ring waits for it). */
  bakeFinal: boolean;
  onHalt: OnHalt;
  timeoutSeconds: number;
  dryRun: boolean;
  lock: { staleAfterSeconds: number; breakStale: boolean };
  /** What differs about the SSH hosts: nothing for Windows hosts; the lab's, see hosts/lab.ts. */
  sshHost: SshHostProfile;
  /** Allowed signer thumbprints; empty: the signature is not checked. */
  requireSignature: Pin[];
}

/** `require-signature`: thumbprints one a line or comma-separated. */
export function parseRequireSignature(items: readonly string[]): Pin[] {
  return items.map((item) => {
    const pin = parseThumbprint(item);
    if (typeof pin === 'string') throw new InputError('require-signature', pin);
    return pin;
  });
}

const START_TYPES = ['auto', 'delayed-auto', 'demand', 'disabled'] as const;

/** `restart/5000, restart/10000, none/0`: sc.exe's failure actions, delays in milliseconds. */
export function parseRecovery(text: string, resetSeconds: number): ServiceSpec['recovery'] {
  const items = splitList(text);
  if (items.length === 0) return undefined;
  const actions = items.map((item) => {
    const m = /^(restart|none)\/(\d{1,9})$/.exec(item);
    if (!m)
      throw new InputError(
        'recovery',
        `'${item}' is not an action: write restart/<ms> or none/<ms>, e.g. restart/5000, restart/10000, none/0`,
      );
    return { type: m[1] as 'restart' | 'none', delayMs: Number(m[2]) };
  });
  if (actions.length > 3)
    throw new InputError(
      'recovery',
      `has ${actions.length} actions; Windows uses the first three (first, second, subsequent failures)`,
    );
  return { resetSeconds, actions };
}

/** Service arguments: one a line, kept whole (an argument may contain commas or blanks). */
export function parseArguments(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

function isTagRef(ref: string | undefined): boolean {
  return (ref ?? '').startsWith('refs/tags/');
}

/** One bastion, `user@host:port` as a host entry, and not one of the hosts it leads to. */
function parseJumpHost(text: string, hosts: readonly SshTarget[]): SshTarget {
  if (splitList(text).length > 1)
    throw new InputError(
      'jump-host',
      `'${text}' lists several hosts: give one bastion, user@host:port (chained jumps are not supported)`,
    );
  const jump = parseHost(text, 'jump-host');
  const same = hosts.find((h) => h.host === jump.host && h.port === jump.port);
  if (same)
    throw new InputError(
      'jump-host',
      `${targetLabel(jump)} is also in hosts: a host is not reached through itself; remove it from one of the two`,
    );
  return jump;
}

/** The `hosts-file` input: a file of the workspace, read here; empty when the input is. */
export function readHostsFile(path: string, env: NodeJS.ProcessEnv): SshTarget[] {
  if (path.trim() === '') return [];
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const file = isAbsolute(path) ? path : resolve(workspace, path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(
      'hosts-file',
      `cannot read '${path}' (${(e as NodeJS.ErrnoException).code ?? 'error'}): give a file of the repository, relative to the workspace, with one user@host:port a line`,
    );
  }
  return parseHostsFile(text);
}

/** The hosts of `hosts` and then of `hosts-file`, each host once. */
export function readHostList(inputs: Inputs, env: NodeJS.ProcessEnv): SshTarget[] {
  const listed = parseHosts(inputs.string('hosts'));
  const fromFile = readHostsFile(inputs.string('hosts-file'), env);
  const seen = new Map(listed.map((t) => [`${t.host}:${t.port}`, t]));
  for (const t of fromFile) {
    if (seen.has(`${t.host}:${t.port}`))
      throw new InputError('hosts-file', `${targetLabel(t)} is also in hosts: list each host once`);
    seen.set(`${t.host}:${t.port}`, t);
  }
  return [...listed, ...fromFile];
}

export function readConfig(inputs: Inputs, env: NodeJS.ProcessEnv = process.env): DeployConfig {
  const mode = inputs.oneOf('mode', ['local', 'ssh', 'plan', 'merge'] as const, 'ssh');
  if (mode === 'plan' || mode === 'merge')
    throw new Error(`readConfig: mode ${mode} deploys nothing (see deploy/fanout.ts)`);
  const hostsText = inputs.string('hosts');
  const hostsFile = inputs.string('hosts-file').trim();
  const jumpText = inputs.string('jump-host').trim();
  const privateKey = inputs.secret('ssh-private-key');
  const passphrase = inputs.secret('ssh-passphrase');
  const knownHosts = inputs.string('known-hosts');
  const fingerprints = inputs.string('host-fingerprints');
  const insecure = inputs.boolean('insecure-skip-host-key-check', false);
  const password = inputs.secret('service-password');

  let hosts: SshTarget[] = [];
  let jumpHost: SshTarget | undefined;
  let hostKeys: HostKeyPolicy = { pins: [] };
  if (mode === 'ssh') {
    hosts = readHostList(inputs, env);
    if (hosts.length === 0)
      throw new InputError(
        'hosts',
        'is required with mode: ssh (user@host:port, one a line; or a hosts-file)',
      );
    if (jumpText !== '') jumpHost = parseJumpHost(jumpText, hosts);
    if (privateKey === '')
      throw new InputError(
        'ssh-private-key',
        'is required with mode: ssh: pass the deploy key from a secret',
      );
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(privateKey))
      throw new InputError(
        'ssh-private-key',
        'is not a private key: pass the whole key file (-----BEGIN OPENSSH PRIVATE KEY----- …) from a secret',
      );
    if (insecure) {
      if (isTagRef(env.GITHUB_REF))
        throw new InputError(
          'insecure-skip-host-key-check',
          `is refused for a tag (${env.GITHUB_REF}): releases deploy only to verified hosts; set host-fingerprints or known-hosts`,
        );
      if (knownHosts.trim() || fingerprints.trim())
        throw new InputError(
          'insecure-skip-host-key-check',
          'is true while host keys are given: remove one of the two',
        );
      hostKeys = 'insecure-skip';
    } else {
      hostKeys = { pins: [...parseKnownHosts(knownHosts), ...parseFingerprints(fingerprints)] };
    }
  } else {
    if (hostsText.trim() !== '')
      throw new InputError(
        'hosts',
        'is for mode: ssh; mode: local deploys to the machine the job runs on',
      );
    if (hostsFile !== '')
      throw new InputError(
        'hosts-file',
        'is for mode: ssh; mode: local deploys to the machine the job runs on',
      );
    if (jumpText !== '')
      throw new InputError(
        'jump-host',
        'is for mode: ssh; mode: local deploys to the machine the job runs on',
      );
  }

  const version = inputs.string('version');
  const startType = inputs.oneOf('start-type', START_TYPES, 'auto');
  const displayName = inputs.string('display-name');
  const description = inputs.string('description');
  const logFile = inputs.string('log-file');
  const allowEnvRefs = inputs.boolean('allow-environment-references', false);
  if (logFile) validateWindowsPath(logFile, 'log file');
  const service: ServiceSpec = {
    name: inputs.string('service-name'),
    startType,
    account: inputs.string('service-account') || 'LocalSystem',
    args: parseArguments(inputs.string('arguments')),
    ...(allowEnvRefs ? { allowEnvironmentReferences: true } : {}),
    environment: inputs.keyValues('environment'),
    dependencies: inputs.list('dependencies'),
    stopTimeoutSeconds: durationSeconds(inputs, 'stop-timeout', {
      min: 1,
      max: 3600,
      fallback: 30,
    }),
    ...(displayName ? { displayName } : {}),
    ...(description ? { description } : {}),
    ...(password ? { password } : {}),
    ...(logFile ? { logFile } : {}),
  };
  const envProblem = allowEnvRefs
    ? undefined
    : service.args.map(environmentReferenceProblem).find(Boolean);
  if (envProblem) throw new InputError('arguments', envProblem);
  const recovery = parseRecovery(
    inputs.string('recovery'),
    inputs.integer('recovery-reset', { min: 0, fallback: 86400 }),
  );
  if (recovery) service.recovery = recovery;

  const rootText = inputs.string('install-root') || DEFAULT_ROOT;
  let root: string;
  try {
    root = validateWindowsPath(rootText, 'install root');
  } catch (e) {
    throw new InputError('install-root', (e as Error).message);
  }
  if (mode === 'ssh' && !/^[A-Za-z]:\\[A-Za-z0-9_.\\-]*$/.test(root))
    throw new InputError(
      'install-root',
      `'${root}' must use only letters, digits, '_', '-', '.' and '\\' with mode: ssh (it appears on the ssh command line)`,
    );

  const healthUrl = inputs.string('health-url');
  const healthPortText = inputs.string('health-port');
  let kind = inputs.oneOf('health-check', ['auto', 'http', 'tcp', 'service'] as const, 'auto');
  if (kind === 'auto') kind = healthUrl ? 'http' : healthPortText ? 'tcp' : 'service';
  if (kind === 'http' && !healthUrl)
    throw new InputError(
      'health-url',
      'is required with health-check: http (e.g. http://127.0.0.1:8080/healthz as seen from the host)',
    );
  const health: DeployConfig['health'] = {
    kind,
    timeoutSeconds: durationSeconds(inputs, 'health-timeout', { min: 0.1, max: 600, fallback: 5 }),
    intervalSeconds: durationSeconds(inputs, 'health-interval', { min: 0, max: 600, fallback: 1 }),
    retries: inputs.integer('health-retries', { min: 0, max: 1000, fallback: 30 }),
    expectVersion: inputs.boolean('health-expect-version', false) && kind === 'http',
  };
  if (kind === 'http') {
    try {
      const url = new URL(healthUrl);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    } catch {
      throw new InputError(
        'health-url',
        `'${healthUrl}' is not an http(s) URL such as http://127.0.0.1:8080/healthz`,
      );
    }
    health.url = healthUrl;
  }
  if (kind === 'tcp') health.port = inputs.integer('health-port', { min: 1, max: 65535 });

  const waves = parseWaves(inputs.string('waves'));
  const bakeFinal = inputs.boolean('bake-final', false);
  const bakeSeconds = durationSeconds(inputs, 'bake-time', { min: 0, max: 24 * 3600, fallback: 0 });
  if (bakeSeconds > 0 && waves.length === 0 && !bakeFinal)
    throw new InputError(
      'bake-time',
      'is the wait after each wave but the last: set waves too (e.g. 1, 50%, 100%), or bake-final: true to bake after the only wave',
    );
  const onHalt = inputs.oneOf('on-halt', ON_HALT, 'rollback-wave');

  const runId = inputs.string('artifact-run-id');
  if (runId && !/^\d+$/.test(runId))
    throw new InputError('artifact-run-id', `'${runId}' is not a workflow run id`);

  return {
    mode,
    hosts,
    ...(jumpHost ? { jumpHost } : {}),
    privateKey,
    ...(passphrase ? { passphrase } : {}),
    hostKeys,
    insecureHostKeys: hostKeys === 'insecure-skip',
    artifact: splitList(inputs.required('artifact')),
    ...(runId ? { artifactRunId: Number(runId) } : {}),
    githubToken: inputs.secret('github-token'),
    binary: inputs.string('binary'),
    ...(version ? { version } : {}),
    service,
    root,
    keepReleases: inputs.integer('keep-releases', { min: 2, max: 100, fallback: 3 }),
    profile: inputs.string('profile') || 'none',
    tuningUnreadable: inputs.oneOf('tuning-unreadable', ['fail', 'skip'] as const, 'fail'),
    health,
    maxParallel: inputs.integer('max-parallel', { min: 1, max: 256, fallback: 1 }),
    maxFailures: inputs.integer('max-failures', { min: 0, fallback: 0 }),
    waves,
    bakeSeconds,
    bakeFinal,
    onHalt,
    timeoutSeconds: durationSeconds(inputs, 'timeout', { min: 5, max: 3600, fallback: 120 }),
    dryRun: inputs.boolean('dry-run', false),
    lock: {
      staleAfterSeconds: durationSeconds(inputs, 'lock-stale-after', { min: 1, fallback: 3600 }),
      breakStale: inputs.boolean('break-stale-lock', false),
    },
    sshHost: sshHostProfile(env),
    requireSignature: parseRequireSignature(inputs.list('require-signature')),
  };
}
