/**
 * Rings: a fleet too large, or too important, for one job. `mode: plan` splits the hosts into
 * rings, each deployed by a job of its own (its own GitHub environment, so required reviewers can
 * guard `production` and not `canary`; `needs:` orders them), and `mode: merge` joins what the
 * rings' jobs reported into one result. Pure: hosts and text in, the plan or the merged result out.
 *
 * `rings`, one ring a line: a name, the share of the fleet done after it (cumulative, as `waves`
 * counts it), then optionally `waves=` (the ring's own waves, comma-separated) and `bake=` (its
 * bake time):
 *
 *   canary      1     bake=10m
 *   production  100%  waves=10%,50%,100%  bake=30m
 *
 * Without `rings`, each wave of `waves` is a ring (`wave-1`, `wave-2`, …).
 */
import { InputError } from '../runner/errors.js';
import { parseDuration } from '../runner/duration.js';
import { parseWaves, planWaves, type WaveSpec } from './waves.js';

export interface RingSpec {
  name: string;
  /** The share of the fleet done after this ring (cumulative). */
  share: WaveSpec;
  /** The ring's own `waves` (as written, comma-separated), or empty for one wave. */
  waves: string;
  /** The ring's bake time (as written), or empty. */
  bake: string;
}

/** One ring of the plan: what its job passes to deploy-windows. */
export interface Ring {
  name: string;
  /** 1-based position: the order `needs:` runs them in. */
  index: number;
  /** The ring's hosts, `user@host:port` one a line (the `hosts` input of its job). */
  hosts: string;
  count: number;
  waves: string;
  'bake-time': string;
  /** Bake after the ring's last wave: every ring but the last, when it bakes. */
  'bake-final': boolean;
}

const NAME = /^[a-z][a-z0-9_-]{0,39}$/;

export function parseRings(text: string, input = 'rings'): RingSpec[] {
  const rings: RingSpec[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    const where = `line ${i + 1}`;
    const [name = '', share = '', ...rest] = line.split(/\s+/);
    if (!NAME.test(name))
      throw new InputError(
        input,
        `${where}: '${name}' is not a ring name: use lower-case letters, digits, '-' and '_' (it becomes a job's name in the plan), e.g. canary 1 bake=10m`,
      );
    if (rings.some((r) => r.name === name))
      throw new InputError(input, `${where}: the ring '${name}' is defined twice`);
    if (share === '')
      throw new InputError(
        input,
        `${where}: '${name}' has no share: write the hosts done after it, e.g. '${name} 10%' or '${name} 1'`,
      );
    const [spec] = parseWaves(share, input);
    if (!spec || share.includes(','))
      throw new InputError(input, `${where}: '${share}' is not one host count or percentage`);
    const ring: RingSpec = { name, share: spec, waves: '', bake: '' };
    for (const opt of rest) {
      const m = /^(waves|bake)=(.+)$/.exec(opt);
      if (!m)
        throw new InputError(
          input,
          `${where}: '${opt}' is not an option of a ring: write waves=10%,50%,100% or bake=10m`,
        );
      if (m[1] === 'waves') {
        parseWaves(m[2]!, input); // refused here, not in the ring's job
        ring.waves = m[2]!.split(',').join(', ');
      } else {
        if (parseDuration(m[2]!) === undefined)
          throw new InputError(
            input,
            `${where}: bake=${m[2]} is not a duration like 30s, 10m or 1h`,
          );
        ring.bake = m[2]!;
      }
    }
    rings.push(ring);
  }
  return rings;
}

/**
 * The rings over `hosts` (labels, in order): each ring takes the hosts up to its share, the last
 * ring the rest. Without ring specs, each wave of `waves` is a ring baking `bake`. A ring that
 * would get no host is refused: its job would have nothing to deploy.
 */
export function planRings(
  hosts: readonly string[],
  specs: readonly RingSpec[],
  fallback: { waves: readonly WaveSpec[]; bake: string },
  input = 'rings',
): Ring[] {
  const defined = specs.length
    ? specs
    : planWaves(hosts, fallback.waves).map((_, i): RingSpec => ({
        name: `wave-${i + 1}`,
        share: { kind: 'count', hosts: 0 },
        waves: '',
        bake: fallback.bake,
      }));
  const groups = specs.length
    ? planWaves(
        hosts,
        specs.map((s) => s.share),
        input,
      )
    : planWaves(hosts, fallback.waves);
  if (specs.length && groups.length < specs.length) {
    const sizes = specs.map((s) =>
      s.share.kind === 'count' ? s.share.hosts : `${s.share.percent}%`,
    );
    throw new InputError(
      input,
      `the ${specs.length} rings (${sizes.join(', ')}) leave a ring without hosts on a fleet of ${hosts.length}: each ring must reach further than the one before`,
    );
  }
  if (specs.length && groups.length > specs.length)
    throw new InputError(
      input,
      `the last ring '${specs.at(-1)!.name}' ends before the fleet does (${groups.slice(0, specs.length).flat().length} of ${hosts.length} hosts): give it 100%`,
    );
  return groups.map((group, i) => {
    const spec = defined[i]!;
    return {
      name: spec.name,
      index: i + 1,
      hosts: group.join('\n'),
      count: group.length,
      waves: spec.waves,
      'bake-time': spec.bake,
      'bake-final': spec.bake !== '' && i < groups.length - 1,
    };
  });
}

/** What the jobs of a rollout by rings reported, as `toJSON(needs)` gives it. */
interface NeedsEntry {
  result?: string;
  outputs?: Record<string, string>;
}

export interface RingResult {
  name: string;
  /** The job's result (success, failure, cancelled, skipped), or `missing` when it is not in needs. */
  job: string;
  hosts: string[];
  deployed: string[];
  failed: string[];
  skipped: string[];
  reverted: string[];
  haltedAtWave?: number;
}

export interface MergedRollout {
  rings: RingResult[];
  deployed: string[];
  failed: string[];
  skipped: string[];
  reverted: string[];
  /** Every host of the plan runs the release. */
  complete: boolean;
}

function hostList(text: string | undefined, what: string): string[] {
  if (text === undefined || text === '') return [];
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new InputError('results', `${what} is not a JSON list of hosts: '${text.slice(0, 80)}'`);
  }
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    throw new InputError('results', `${what} is not a JSON list of hosts`);
  return v as string[];
}

/**
 * Joins the rings' results. `results` is `toJSON(needs)` of the merge job: the plan job (the one
 * whose outputs have `rings`) says which hosts each ring had; each ring's job (named like its ring)
 * says what became of them. A ring whose job did not run (a ring before it failed, or a reviewer
 * rejected it) has all its hosts skipped, untouched.
 */
export function mergeRings(results: string): MergedRollout {
  let needs: Record<string, NeedsEntry>;
  try {
    needs = JSON.parse(results) as Record<string, NeedsEntry>;
  } catch {
    throw new InputError(
      'results',
      'is not JSON: pass the jobs of the rollout as `results: ${{ toJSON(needs) }}`',
    );
  }
  if (!needs || typeof needs !== 'object' || Array.isArray(needs))
    throw new InputError('results', 'is not an object of jobs: pass `${{ toJSON(needs) }}`');
  const planJob = Object.entries(needs).find(([, j]) => j?.outputs?.rings);
  if (!planJob)
    throw new InputError(
      'results',
      "holds no plan (no job with a 'rings' output): list the plan job in the merge job's needs",
    );
  let plan: Record<string, Ring>;
  try {
    plan = JSON.parse(planJob[1].outputs!.rings!) as Record<string, Ring>;
  } catch {
    throw new InputError('results', `the ${planJob[0]} job's rings output is not JSON`);
  }
  const rings = Object.values(plan)
    .sort((a, b) => a.index - b.index)
    .map((ring): RingResult => {
      const hosts = ring.hosts.split('\n').filter(Boolean);
      const job = needs[ring.name];
      const out = job?.outputs ?? {};
      const ran = out.deployed !== undefined || out.failed !== undefined;
      if (!ran)
        return {
          name: ring.name,
          job: job?.result ?? 'missing',
          hosts,
          deployed: [],
          failed: [],
          skipped: hosts,
          reverted: [],
        };
      const deployed = hostList(out.deployed, `${ring.name}'s deployed`);
      const failed = hostList(out.failed, `${ring.name}'s failed`);
      const reverted = hostList(out.reverted, `${ring.name}'s reverted`);
      // Hosts the ring's job did not report on (it stopped early) count as skipped.
      const seen = new Set([...deployed, ...failed, ...reverted]);
      const skipped = hosts.filter((h) => !seen.has(h));
      const halted = /^\d+$/.test(out['halted-at-wave'] ?? '')
        ? Number(out['halted-at-wave'])
        : undefined;
      return {
        name: ring.name,
        job: job?.result ?? 'missing',
        hosts,
        deployed,
        failed,
        skipped,
        reverted,
        ...(halted !== undefined ? { haltedAtWave: halted } : {}),
      };
    });
  const all = (k: 'deployed' | 'failed' | 'skipped' | 'reverted') => rings.flatMap((r) => r[k]);
  const total = rings.reduce((n, r) => n + r.hosts.length, 0);
  return {
    rings,
    deployed: all('deployed'),
    failed: all('failed'),
    skipped: all('skipped'),
    reverted: all('reverted'),
    complete: all('deployed').length === total,
  };
}
