/**
 * The import graph of src/, read from the source (static imports, re-exports and `import()`), held
 * to the layer rules of docs/architecture.md. The rules are data here and a table there; a test
 * below keeps the two equal, so changing a rule means changing both on purpose.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../lab/paths.js';

const SRC = join(REPO, 'src');

/**
 * What each folder of src/ may import from the others: a folder name allows all of it, a file
 * allows that file only. Imports inside a folder are free (but must not form a cycle).
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  runner: [],
  windows: ['runner/errors.ts'],
  artifacts: ['runner'],
  cache: ['runner'],
  go: ['runner'],
  hosts: ['runner', 'windows'],
  engine: ['runner', 'windows', 'hosts'],
  signing: ['runner'],
  build: ['runner', 'artifacts', 'signing'],
  bench: ['runner', 'artifacts'],
  release: ['runner', 'build'],
  deploy: ['runner', 'windows', 'hosts', 'engine', 'build', 'artifacts', 'signing'],
  actions: ['runner', 'artifacts', 'cache', 'go', 'build', 'bench', 'deploy', 'signing', 'release'],
};

/** Folders that others enter through one door only. */
const DOORS: Record<string, readonly string[]> = {
  engine: ['engine/index.ts'],
};

/**
 * The core's entry modules, the only files the thin entries in src/actions/ may import (besides
 * the runner contract): an entry reads its configuration and calls the core, nothing more.
 */
const ACTION_ENTRIES: readonly string[] = [
  'artifacts/store.ts',
  'bench/config.ts',
  'bench/pipeline.ts',
  'build/config.ts',
  'build/pipeline.ts',
  'cache/client.ts',
  'cache/go-cache.ts',
  'cache/post-step.ts',
  'deploy/action.ts',
  'deploy/outputs.ts',
  'go/report.ts',
  'go/setup-config.ts',
  'go/setup.ts',
  'release/config.ts',
  'release/step.ts',
  'signing/post-step.ts',
];

/** Only the runner contract talks to @actions/core; every other module receives a RunnerIO. */
const CORE_PACKAGE = '@actions/core';
const CORE_ALLOWED = ['runner'];

/** An `import()` of a name computed at run time: no rule can see what it loads. */
const COMPUTED = '<computed>';
/** The files allowed one, each with the reason. */
const COMPUTED_ALLOWED: Record<string, string> = {
  'cache/client.ts': 'WINSHIP_CACHE_CLIENT, a cache backend module named by the runner environment',
};

/** Libraries big enough to slow every action's start: loaded with import() where needed only. */
const HEAVY = ['@actions/artifact', '@actions/cache', '@actions/github', 'node-ssh'];

interface Import {
  from: string; // path under src/
  specifier: string;
  /** The file under src/ it resolves to, or the path relative to the repository when outside. */
  target?: string;
  outside?: boolean;
  dynamic: boolean;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

/** Every import of one file: declarations, re-exports, `import x = require()` and `import()`. */
function importsOf(file: string, text: string): Omit<Import, 'from' | 'target'>[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Omit<Import, 'from' | 'target'>[] = [];
  const add = (node: ts.Node | undefined, dynamic: boolean, typeOnly: boolean) => {
    if (node && ts.isStringLiteralLike(node))
      found.push({ specifier: node.text, dynamic, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      add(node.moduleSpecifier, false, clause?.isTypeOnly ?? false);
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, false, node.isTypeOnly);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference)
    ) {
      add(node.moduleReference.expression, false, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteralLike(arg)) add(arg, true, false);
      else found.push({ specifier: COMPUTED, dynamic: true, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function readGraph(): Import[] {
  const all: Import[] = [];
  for (const abs of sourceFiles(SRC)) {
    const from = relative(SRC, abs);
    for (const imp of importsOf(abs, readFileSync(abs, 'utf8'))) {
      if (!imp.specifier.startsWith('.')) {
        all.push({ ...imp, from });
        continue;
      }
      const resolved = resolve(dirname(abs), imp.specifier.replace(/\.js$/, '.ts'));
      const inSrc = relative(SRC, resolved);
      all.push(
        inSrc.startsWith('..')
          ? { ...imp, from, target: relative(REPO, resolved), outside: true }
          : { ...imp, from, target: inSrc },
      );
    }
  }
  return all;
}

const folderOf = (path: string) => path.split('/')[0]!;
const edge = (i: Import) => `${i.from} -> ${i.target ?? i.specifier}`;
const allows = (rules: readonly string[], target: string) =>
  rules.some((r) => (r.endsWith('.ts') ? r === target : folderOf(target) === r));

/** The rule each import breaks, if any (one message per broken rule). */
function violations(graph: Import[]): string[] {
  const out: string[] = [];
  for (const i of graph) {
    const from = folderOf(i.from);
    if (i.outside) {
      out.push(`${edge(i)}: src/ imports nothing outside src/ (the lab, tests, bench, scripts)`);
      continue;
    }
    if (i.target === undefined) {
      const pkg = i.specifier;
      if (pkg === COMPUTED && !(i.from in COMPUTED_ALLOWED))
        out.push(`${edge(i)}: import() of a computed name only where COMPUTED_ALLOWED says why`);
      if (
        (pkg === CORE_PACKAGE || pkg.startsWith(`${CORE_PACKAGE}/`)) &&
        !CORE_ALLOWED.includes(from)
      )
        out.push(`${edge(i)}: only ${CORE_ALLOWED.join(', ')}/ imports @actions/core`);
      if (HEAVY.includes(pkg) && !i.dynamic && !i.typeOnly)
        out.push(`${edge(i)}: ${pkg} is loaded with await import() where it is needed`);
      continue;
    }
    const to = folderOf(i.target);
    if (from === to) continue;
    if (!(from in MAY_IMPORT)) out.push(`${edge(i)}: src/${from}/ has no rule in MAY_IMPORT`);
    else if (!allows(MAY_IMPORT[from]!, i.target))
      out.push(`${edge(i)}: ${from}/ may import ${MAY_IMPORT[from]!.join(', ') || 'nothing'}`);
    const door = DOORS[to];
    if (door && !door.includes(i.target))
      out.push(`${edge(i)}: ${to}/ is entered through ${door.join(', ')} only`);
    if (from === 'actions' && to !== 'runner' && !ACTION_ENTRIES.includes(i.target))
      out.push(`${edge(i)}: actions/ import the core's entry modules only`);
  }
  return out;
}

/** Strongly connected components of more than one file, or a file importing itself (Tarjan). */
function cycles(graph: Import[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const i of graph)
    if (i.target !== undefined && !i.outside) {
      if (!next.has(i.from)) next.set(i.from, new Set());
      next.get(i.from)!.add(i.target);
    }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const strong = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || next.get(v)?.has(v)) found.push(scc.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) strong(v);
  return found;
}

/** The rules table of docs/architecture.md: `| folder/ | may import | ... |` rows. */
function documentedRules(): Record<string, string[]> {
  const doc = readFileSync(join(REPO, 'docs', 'architecture.md'), 'utf8');
  const rows: Record<string, string[]> = {};
  for (const line of doc.split('\n')) {
    const m = /^\| `src\/([a-z-]+)\/` \| ([^|]*) \|/.exec(line);
    if (!m) continue;
    rows[m[1]!] = [...m[2]!.matchAll(/`([^`]+)`/g)].map((x) => x[1]!.replace(/\/$/, ''));
  }
  return rows;
}

const graph = readGraph();

describe('the import graph of src/', () => {
  it('is read from static imports, re-exports, import() and import types', () => {
    const text = [
      "import a from './a.js';",
      "import type { B } from '../b.js';",
      "export { c } from './c.js';",
      "const d = await import('node-ssh');",
      "type E = typeof import('./e.js');",
      '// import { f } from "./f.js";',
      'const g = \'import("./g.js")\';',
    ].join('\n');
    expect(importsOf('x.ts', text)).toEqual([
      { specifier: './a.js', dynamic: false, typeOnly: false },
      { specifier: '../b.js', dynamic: false, typeOnly: true },
      { specifier: './c.js', dynamic: false, typeOnly: false },
      { specifier: 'node-ssh', dynamic: true, typeOnly: false },
      { specifier: './e.js', dynamic: true, typeOnly: true },
    ]);
    expect(importsOf('x.ts', 'await import(name);')).toEqual([
      { specifier: '<computed>', dynamic: true, typeOnly: false },
    ]);
  });

  it('catches what each rule forbids (the checker itself, on made-up edges)', () => {
    const imp = (from: string, target: string, more: Partial<Import> = {}): Import => ({
      from,
      specifier: target,
      target,
      dynamic: false,
      typeOnly: false,
      ...more,
    });
    const bad = violations([
      imp('windows/sc.ts', 'engine/plan.ts'),
      imp('windows/sc.ts', 'hosts/executor.ts', { typeOnly: true }),
      imp('deploy/action.ts', 'engine/tuning.ts'),
      imp('actions/build/main.ts', 'build/targets.ts'),
      imp('hosts/ssh.ts', 'lab/wine.ts', { outside: true }),
      imp('build/pipeline.ts', 'x', { target: undefined, specifier: '@actions/core' }),
      imp('artifacts/store.ts', 'x', { target: undefined, specifier: '@actions/artifact' }),
    ]);
    expect(bad).toEqual([
      'windows/sc.ts -> engine/plan.ts: windows/ may import runner/errors.ts',
      'windows/sc.ts -> engine/plan.ts: engine/ is entered through engine/index.ts only',
      'windows/sc.ts -> hosts/executor.ts: windows/ may import runner/errors.ts',
      'deploy/action.ts -> engine/tuning.ts: engine/ is entered through engine/index.ts only',
      "actions/build/main.ts -> build/targets.ts: actions/ import the core's entry modules only",
      'hosts/ssh.ts -> lab/wine.ts: src/ imports nothing outside src/ (the lab, tests, bench, scripts)',
      'build/pipeline.ts -> @actions/core: only runner/ imports @actions/core',
      'artifacts/store.ts -> @actions/artifact: @actions/artifact is loaded with await import() where it is needed',
    ]);
    expect(
      violations([
        imp('windows/sc.ts', 'runner/errors.ts'),
        imp('deploy/run.ts', 'engine/index.ts'),
        imp('engine/deploy.ts', 'engine/tuning.ts'),
        imp('hosts/ssh.ts', 'x', { target: undefined, specifier: 'node-ssh', dynamic: true }),
      ]),
    ).toEqual([]);
    expect(
      cycles([imp('a/x.ts', 'a/y.ts'), imp('a/y.ts', 'b/z.ts'), imp('b/z.ts', 'a/x.ts')]),
    ).toEqual([['a/x.ts', 'a/y.ts', 'b/z.ts']]);
    expect(cycles([imp('a/x.ts', 'a/y.ts'), imp('b/z.ts', 'a/x.ts')])).toEqual([]);
  });

  it('has every folder of src/ under a rule', () => {
    const folders = new Set(graph.map((i) => folderOf(i.from)));
    expect([...folders].filter((f) => !(f in MAY_IMPORT))).toEqual([]);
  });

  it('has no cycles', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('keeps the layer rules: windows/ lowest, engine/ behind one door, actions/ thin, nothing from outside src/, @actions/core in runner/ only, heavy libraries loaded lazily', () => {
    expect(violations(graph)).toEqual([]);
  });

  it('is the graph docs/architecture.md describes', () => {
    const documented = documentedRules();
    expect(documented).toEqual(
      Object.fromEntries(Object.entries(MAY_IMPORT).map(([k, v]) => [k, [...v]])),
    );
  });

  it('imports only Node built-ins and the dependencies of package.json from src/', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const name = (s: string) =>
      s.startsWith('@')
        ? s.split('/').slice(0, 2).join('/')
        : s.startsWith('node:')
          ? s
          : s.split('/')[0]!;
    const builtins = new Set(builtinModules.map((m) => (m.startsWith('node:') ? m : `node:${m}`)));
    const bad = graph
      .filter((i) => i.target === undefined && i.specifier !== COMPUTED)
      .filter((i) => !builtins.has(name(i.specifier)) && !(name(i.specifier) in pkg.dependencies))
      .map(edge);
    expect(bad).toEqual([]);
  });
});
