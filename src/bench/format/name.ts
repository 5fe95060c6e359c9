/**
 * Benchmark names: `Base/part/key=value-N`. The -N suffix is GOMAXPROCS and can only come last;
 * each /part is positional or key=value.
 */

export interface NameParts {
  base: string;
  /** Sub-benchmark parts without their leading '/'. */
  parts: { key?: string; value: string }[];
  gomaxprocs?: number;
}

export function splitGomaxprocs(name: string): { prefix: string; procs?: number } {
  for (let i = name.length - 1; i >= 0; i--) {
    const c = name[i]!;
    if (c === '-' && i < name.length - 1)
      return { prefix: name.slice(0, i), procs: Number(name.slice(i + 1)) };
    if (c < '0' || c > '9') break;
  }
  return { prefix: name };
}

export function nameParts(name: string): NameParts {
  const { prefix, procs } = splitGomaxprocs(name);
  const [base, ...rest] = prefix.split('/');
  const parts = rest.map((p) => {
    const eq = p.indexOf('=');
    return eq > 0 ? { key: p.slice(0, eq), value: p.slice(eq + 1) } : { value: p };
  });
  const out: NameParts = { base: base!, parts };
  if (procs !== undefined) out.gomaxprocs = procs;
  return out;
}
