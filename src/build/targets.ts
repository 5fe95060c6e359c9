/**
 * Build targets: the ports the Go on PATH supports (`go tool dist list -json`), and the user's
 * selection resolved against them. Everything here is pure; reading the port list is in go.ts.
 */
import { didYouMean } from './closest.js';

/** One GOOS/GOARCH pair as `go tool dist list -json` describes it. */
export interface Port {
  goos: string;
  goarch: string;
  firstClass: boolean;
  cgoSupported: boolean;
}

export interface Target {
  goos: string;
  goarch: string;
}

/** A problem with the target selection, with the input it came from ('targets' or 'exclude'). */
export class TargetError extends Error {
  constructor(
    readonly input: 'targets' | 'exclude',
    message: string,
  ) {
    super(message);
    this.name = 'TargetError';
  }
}

export const targetName = (t: Target): string => `${t.goos}/${t.goarch}`;

/** Parses the JSON `go tool dist list -json` prints. */
export function parseDistList(json: string): Port[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('go tool dist list -json printed something that is not JSON');
  }
  if (!Array.isArray(raw)) throw new Error('go tool dist list -json did not print a list');
  return raw.map((p: Record<string, unknown>) => {
    if (typeof p.GOOS !== 'string' || typeof p.GOARCH !== 'string')
      throw new Error(`go tool dist list -json: entry without GOOS/GOARCH: ${JSON.stringify(p)}`);
    return {
      goos: p.GOOS,
      goarch: p.GOARCH,
      firstClass: p.FirstClass === true,
      cgoSupported: p.CgoSupported === true,
    };
  });
}

/**
 * Resolves the `targets` and `exclude` inputs against the available ports, in the order given
 * (keywords expand in dist-list order). `first-class` and `all` may be mixed with explicit pairs;
 * exclude entries may use `*` for either half (`windows/<star>` or `<star>/386`, star being `*`).
 */
export function resolveTargets(
  selection: readonly string[],
  exclude: readonly string[],
  ports: readonly Port[],
): Target[] {
  if (selection.length === 0)
    throw new TargetError(
      'targets',
      'no targets given: list GOOS/GOARCH pairs, first-class or all',
    );
  const names = ports.map((p) => `${p.goos}/${p.goarch}`);
  const known = new Set(names);
  const seen = new Set<string>();
  const chosen: Target[] = [];
  const add = (goos: string, goarch: string) => {
    const key = `${goos}/${goarch}`;
    if (!seen.has(key)) {
      seen.add(key);
      chosen.push({ goos, goarch });
    }
  };
  const given = new Set<string>();
  for (const item of selection) {
    if (item === 'first-class' || item === 'all') {
      if (given.has(item)) throw new TargetError('targets', `'${item}' is listed twice`);
      given.add(item);
      for (const p of ports) if (item === 'all' || p.firstClass) add(p.goos, p.goarch);
      continue;
    }
    const pair = splitPair('targets', item);
    const key = `${pair.goos}/${pair.goarch}`;
    if (!known.has(key))
      throw new TargetError(
        'targets',
        `'${item}' is not a target of this Go${didYouMean(item, names)}; run 'go tool dist list' for the full list`,
      );
    if (given.has(key)) throw new TargetError('targets', `'${item}' is listed twice`);
    given.add(key);
    add(pair.goos, pair.goarch);
  }

  const gooses = [...new Set(ports.map((p) => p.goos))];
  const goarches = [...new Set(ports.map((p) => p.goarch))];
  const rules = exclude.map((item) => {
    const rule = splitPair('exclude', item, true);
    const key = `${rule.goos}/${rule.goarch}`;
    if (rule.goos !== '*' && rule.goarch !== '*' && !known.has(key))
      throw new TargetError(
        'exclude',
        `'${item}' is not a target of this Go${didYouMean(item, names)}`,
      );
    if (rule.goos !== '*' && !gooses.includes(rule.goos))
      throw new TargetError(
        'exclude',
        `'${rule.goos}' in '${item}' is not a GOOS${didYouMean(rule.goos, gooses)}`,
      );
    if (rule.goarch !== '*' && !goarches.includes(rule.goarch))
      throw new TargetError(
        'exclude',
        `'${rule.goarch}' in '${item}' is not a GOARCH${didYouMean(rule.goarch, goarches)}`,
      );
    return rule;
  });
  const kept = chosen.filter(
    (t) =>
      !rules.some(
        (r) => (r.goos === '*' || r.goos === t.goos) && (r.goarch === '*' || r.goarch === t.goarch),
      ),
  );
  if (kept.length === 0)
    throw new TargetError('exclude', 'excludes every target: nothing is left to build');
  return kept;
}

function splitPair(input: 'targets' | 'exclude', item: string, wildcard = false): Target {
  const m = /^([A-Za-z0-9_]+|\*)\/([A-Za-z0-9_]+|\*)$/.exec(item);
  if (!m || (!wildcard && (m[1] === '*' || m[2] === '*')) || (m[1] === '*' && m[2] === '*'))
    throw new TargetError(
      input,
      `'${item}' is not GOOS/GOARCH (for example linux/amd64${wildcard ? ', windows/* or */386' : ''})`,
    );
  return { goos: m[1]!, goarch: m[2]! };
}

/** `{"include":[{"goos":…,"goarch":…},…]}` for `strategy.matrix: ${{ fromJSON(…) }}`. */
export function matrixOf(targets: readonly Target[]): { include: Target[] } {
  return { include: targets.map((t) => ({ goos: t.goos, goarch: t.goarch })) };
}
