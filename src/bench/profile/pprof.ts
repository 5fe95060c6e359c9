/**
 * Reading what `go tool pprof -top` prints. The text is untrusted: in go mode the head's test
 * binary writes its own profile, so every name in it comes from the code under review, a line that
 * does not have the shape of a row is counted and skipped, and values must be finite numbers in the
 * unit asked for with `-unit`. Also the argument vectors of the pprof runs, and function names
 * shortened the way pprof's graph shortens them.
 */

/** What a profile is read for: a sample index of `go tool pprof` and the unit it is printed in. */
export type SampleIndex = 'cpu' | 'alloc_space' | 'alloc_objects';

/** The `-unit` each index is printed in ('' for counts, which pprof prints bare). */
export const INDEX_UNIT: Record<SampleIndex, 'ns' | 'B' | ''> = {
  cpu: 'ns',
  alloc_space: 'B',
  alloc_objects: '',
};

export interface TopEntry {
  /** The function as pprof names it (package-qualified). */
  name: string;
  flat: number;
  cum: number;
  inline: boolean;
  /** With `-lines`: the source file and line of this row. */
  file?: string;
  line?: number;
}

export interface PprofTop {
  /** `Type:` of the header (cpu, alloc_space, …). */
  type?: string;
  /** The profile's total in the printed unit (`… of X total`); for a diff, the base's total. */
  total?: number;
  entries: TopEntry[];
  /** Lines after the column header that were not rows of the expected shape. */
  skipped: number;
}

export interface Trace {
  value: number;
  /** Function names, the leaf first, then its callers; inlined frames are frames too. */
  stack: string[];
}

export interface PprofTraces {
  type?: string;
  traces: Trace[];
  /** Blocks that did not have the shape of a trace. */
  skipped: number;
}

/** Which samples pprof reads (`-sample_index`) and the unit it prints them in. */
function sampleArgs(index: SampleIndex): string[] {
  const unit = INDEX_UNIT[index];
  return [`-sample_index=${index}`, ...(unit ? [`-unit=${unit}`] : [])];
}

/** Arguments of `go tool pprof -traces`: every sample's stack with its value. */
export function pprofTracesArgs(opts: {
  index: SampleIndex;
  binary: string;
  profile: string;
}): string[] {
  return ['tool', 'pprof', '-traces', ...sampleArgs(opts.index), opts.binary, opts.profile];
}

/**
 * The stacks of `go tool pprof -traces`: blocks between `-----------+---…` lines, each label lines
 * (`bytes:  96B`) first, then `<value>   <leaf>`, then one caller a line.
 */
export function parsePprofTraces(text: string, unit: 'ns' | 'B' | ''): PprofTraces {
  const out: PprofTraces = { traces: [], skipped: 0 };
  let block: string[] | undefined;
  const finish = () => {
    if (!block || block.length === 0) return;
    let i = 0;
    let first: RegExpExecArray | null = null;
    let v: number | undefined;
    for (; i < block.length; i++) {
      first = /^\s*(\S+)\s{2,}(\S.*)$/.exec(block[i]!);
      v = first ? value(first[1]!, unit) : undefined;
      if (v !== undefined) break;
    }
    if (!first || v === undefined) {
      out.skipped++;
      return;
    }
    const stack = [first[2]!, ...block.slice(i + 1).map((l) => l.trim())]
      .filter((n) => n !== '')
      .map((n) => (n.endsWith(' (inline)') ? n.slice(0, -' (inline)'.length) : n));
    out.traces.push({ value: v, stack });
  };
  for (const raw of text.split('\n')) {
    const l = raw.replace(/\r$/, '');
    if (/^-+\+-+$/.test(l)) {
      finish();
      block = [];
      continue;
    }
    if (!block) {
      const type = /^Type: (\S+)$/.exec(l);
      if (type) out.type = type[1]!;
      continue;
    }
    if (l.trim() !== '') block.push(l);
  }
  finish();
  return out;
}

/** Arguments of one `go tool pprof -top` run: every node, none dropped or cut. */
export function pprofTopArgs(opts: {
  index: SampleIndex;
  lines?: boolean;
  /** `-diff_base`: the base profile. */
  diffBase?: string;
  binary: string;
  profile: string;
}): string[] {
  return [
    'tool',
    'pprof',
    '-top',
    ...(opts.lines ? ['-lines'] : []),
    '-nodecount=1000000',
    '-nodefraction=0',
    '-edgefraction=0',
    ...sampleArgs(opts.index),
    ...(opts.diffBase ? [`-diff_base=${opts.diffBase}`] : []),
    // pprof takes no '--'; the paths are ours (absolute), never starting with '-'.
    opts.binary,
    opts.profile,
  ];
}

const ROW = /^\s*(\S+)\s+(\S+)%\s+(\S+)%\s+(\S+)\s+(\S+)%\s+(.*)$/;
const LINES_REST = /^(\S+) (.+):(\d+)$/;

/** A value as printed with `-unit`: a number with that suffix, or a bare 0. */
function value(token: string, unit: string): number | undefined {
  const m = /^(-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)([A-Za-zµ]*)$/.exec(token);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return undefined;
  if (m[2] !== unit && !(n === 0 && m[2] === '')) return undefined;
  return n;
}

/**
 * The rows of `go tool pprof -top` (with `-lines` when `lines`), printed with `-unit=<unit>` (see
 * INDEX_UNIT). Row order is kept.
 */
export function parsePprofTop(text: string, unit: 'ns' | 'B' | '', lines = false): PprofTop {
  const out: PprofTop = { entries: [], skipped: 0 };
  let inRows = false;
  for (const raw of text.split('\n')) {
    const l = raw.replace(/\r$/, '');
    if (!inRows) {
      const type = /^Type: (\S+)$/.exec(l);
      if (type) out.type = type[1]!;
      const total = /^Showing nodes accounting for \S+, \S+ of (\S+) total$/.exec(l);
      if (total) out.total = value(total[1]!, unit);
      if (/^\s*flat\s+flat%\s+sum%\s+cum\s+cum%\s*$/.test(l)) inRows = true;
      continue;
    }
    if (l.trim() === '') continue;
    const m = ROW.exec(l);
    const flat = m ? value(m[1]!, unit) : undefined;
    const cum = m ? value(m[4]!, unit) : undefined;
    if (!m || flat === undefined || cum === undefined) {
      out.skipped++;
      continue;
    }
    let rest = m[6]!;
    const inline = rest.endsWith(' (inline)');
    if (inline) rest = rest.slice(0, -' (inline)'.length);
    const entry: TopEntry = { name: rest, flat, cum, inline };
    if (lines) {
      const at = LINES_REST.exec(rest);
      if (!at) {
        out.skipped++;
        continue;
      }
      entry.name = at[1]!;
      entry.file = at[2]!;
      entry.line = Number(at[3]);
    }
    if (entry.name === '') {
      out.skipped++;
      continue;
    }
    out.entries.push(entry);
  }
  return out;
}

// pprof's own shortening (internal/graph.ShortenFunctionName in the pprof Go 1.19 vendors), so a
// name reads as in `go tool pprof -http`: the package path up to the last '/' goes, and so does a
// major version element (/v2).
const JAVA = /^(?:[a-z]\w*\.)*([A-Z][\w$]*\.(?:<init>|[a-z][\w$]*(?:\$\d+)?))(?:(?:\()|$)/;
const GO = /^(?:[\w\-.]+\/)+(.+)/;
const GO_VERSION = /^(.*?)\/v(?:[2-9]|[1-9][0-9]+)([./].*)$/;
const CPP = /^(?:[_a-zA-Z]\w*::)+(_*[A-Z]\w*::~?[_a-zA-Z]\w*(?:<.*>)?)/;
const CPP_ANONYMOUS = /^\(anonymous namespace\)::/;

export function shortenFunctionName(name: string): string {
  let f = name.replace(CPP_ANONYMOUS, '');
  f = f.replace(GO_VERSION, '$1$2');
  for (const re of [GO, JAVA, CPP]) {
    const m = re.exec(f);
    if (m && m.length >= 2) return m.slice(1).join('');
  }
  return f;
}
