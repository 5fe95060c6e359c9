/**
 * Waves: the fleet rolled out in growing steps, a canary first. `waves` lists the cumulative share
 * of the hosts done after each wave, as host counts or percentages (`1, 10%, 50%, 100%`); the
 * hosts are taken in the order given. Planning is pure: text in, waves of hosts out, and which
 * hosts a halt rolls back under each `on-halt` policy.
 */
import { InputError } from '../runner/errors.js';
import { splitList } from '../runner/inputs.js';

/** One entry of `waves`: the hosts done after that wave, as a count or a share of the fleet. */
export type WaveSpec = { kind: 'count'; hosts: number } | { kind: 'percent'; percent: number };

export const ON_HALT = ['rollback-wave', 'rollback-all', 'stop'] as const;
export type OnHalt = (typeof ON_HALT)[number];

function describeSpec(s: WaveSpec): string {
  return s.kind === 'count' ? String(s.hosts) : `${s.percent}%`;
}

/**
 * `1, 10%, 50%, 100%`: counts and percentages, comma- or line-separated; each entry of one kind
 * must be larger than the one before of that kind. Empty: one wave (every host at once).
 */
export function parseWaves(text: string, input = 'waves'): WaveSpec[] {
  const specs = splitList(text).map((item): WaveSpec => {
    const pct = /^(\d{1,3}(?:\.\d+)?)\s*%$/.exec(item);
    if (pct) {
      const percent = Number(pct[1]);
      if (!(percent > 0) || percent > 100)
        throw new InputError(
          input,
          `'${item}' is not a share of the fleet: write a percentage above 0% and at most 100%`,
        );
      return { kind: 'percent', percent };
    }
    if (/^\d+$/.test(item)) {
      const hosts = Number(item);
      if (hosts < 1)
        throw new InputError(
          input,
          `'${item}': a wave must hold at least one host (write 1 for a single canary host)`,
        );
      return { kind: 'count', hosts };
    }
    throw new InputError(
      input,
      `'${item}' is neither a host count nor a percentage: write the hosts done after each wave, e.g. 1, 10%, 50%, 100%`,
    );
  });
  for (let i = 1; i < specs.length; i++) {
    const cur = specs[i]!;
    const before = specs.slice(0, i).filter((s) => s.kind === cur.kind);
    const last = before.at(-1);
    if (!last) continue;
    const grows =
      cur.kind === 'count'
        ? cur.hosts > (last as { hosts: number }).hosts
        : cur.percent > (last as { percent: number }).percent;
    if (!grows)
      throw new InputError(
        input,
        `'${describeSpec(cur)}' after '${describeSpec(last)}': the entries are cumulative (the hosts done after each wave), so each must be larger than the one before`,
      );
  }
  return specs;
}

/** How many hosts of `fleet` are done after a wave of `spec` (at least one). */
function resolveSpec(spec: WaveSpec, fleet: number): number {
  // A share rounds up (10% of 5 hosts is 1 host), to 6 decimals first so 0.1 * 30 stays 3.
  const n = spec.kind === 'count' ? spec.hosts : Math.round(spec.percent * fleet * 1e4) / 1e6;
  return Math.min(fleet, Math.max(1, Math.ceil(n)));
}

/**
 * The hosts of each wave, in the order given. A count larger than the fleet is the whole fleet;
 * a wave that adds no host (10% and 20% of 3 hosts are both 1) is left out; hosts the last entry
 * does not reach form a last wave (`1` alone is a canary, then the rest).
 */
export function planWaves<T>(
  hosts: readonly T[],
  specs: readonly WaveSpec[],
  input = 'waves',
): T[][] {
  if (hosts.length === 0) return [];
  const waves: T[][] = [];
  let done = 0;
  let lastSpec: WaveSpec | undefined;
  for (const spec of specs) {
    const upTo = resolveSpec(spec, hosts.length);
    if (upTo < done)
      throw new InputError(
        input,
        `'${describeSpec(spec)}' is ${upTo} of ${hosts.length} host(s), fewer than the ${done} done after '${describeSpec(lastSpec!)}': the entries are cumulative, so each must reach at least as far as the one before`,
      );
    if (upTo > done) waves.push(hosts.slice(done, upTo));
    done = upTo;
    lastSpec = spec;
  }
  if (done < hosts.length) waves.push(hosts.slice(done));
  return waves;
}

/** What a wave's hosts ended as, for the halt policy. */
export interface WaveHosts<T> {
  /** Hosts this run upgraded in the wave (their deploy put the release in). */
  upgraded: readonly T[];
}

/**
 * The hosts a halt after wave `haltedAt` (1-based) rolls back: `rollback-wave` those of that
 * wave, `rollback-all` every host upgraded in this run, `stop` none. A host that failed the bake
 * and was upgraded in this run goes back under both rollback policies, whichever wave it was in.
 */
export function hostsToRollBack<T>(
  waves: readonly WaveHosts<T>[],
  haltedAt: number,
  policy: OnHalt,
  bakeFailed: readonly T[] = [],
): T[] {
  if (policy === 'stop') return [];
  const all = waves.slice(0, haltedAt).flatMap((w) => w.upgraded);
  const chosen = new Set<T>(
    policy === 'rollback-all' ? all : [...(waves[haltedAt - 1]?.upgraded ?? [])],
  );
  for (const h of bakeFailed) if (all.includes(h)) chosen.add(h);
  // In the order the hosts were deployed.
  return all.filter((h) => chosen.has(h));
}
