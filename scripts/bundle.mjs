// Bundles each action in src/actions/<name>/ into dist/<name>/: index.js from index.ts (which calls
// main.ts's run()), post.js from post-index.ts (post.ts's run()) when present. One esbuild build per
// action, with code splitting, so a heavy library imported lazily lands in a chunk of its own that
// an action loads only when it needs it.
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, sep } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const actionsDir = join(root, 'src', 'actions');
const distDir = join(root, 'dist');

// The latest @actions/* majors are ESM-only while ssh2 and tool-cache still use CommonJS idioms.
const banner = [
  "import { createRequire as __winshipCreateRequire } from 'node:module';",
  "import { fileURLToPath as __winshipFileURLToPath } from 'node:url';",
  "import { dirname as __winshipDirname } from 'node:path';",
  'var require = __winshipCreateRequire(import.meta.url);',
  'var __filename = __winshipFileURLToPath(import.meta.url);',
  'var __dirname = __winshipDirname(__filename);',
].join('\n');

// @actions/core's entry imports an HTTP client (for OIDC tokens) and @actions/exec (for platform
// details) that the actions' own code never calls, and parsing those ~800 KB was most of setup-go's
// tool-cache hit. Declared free of side effects (which @actions/core's modules are), only what is
// called is kept in an action's own chunks (the workflow and file commands, the summary); the rest
// stays with the libraries that need it (@actions/cache, @actions/artifact), loaded only when they
// are. So the actions keep @actions/core as their one way to the runner at no start-up cost.
const coreLib = join(root, 'node_modules', '@actions', 'core', 'lib');
const lightCore = {
  name: 'side-effect-free-actions-core',
  setup(b) {
    b.onResolve({ filter: /^@actions\/core$/ }, async (args) => {
      if (args.pluginData?.resolving) return undefined;
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { resolving: true },
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { ...resolved, sideEffects: false };
    });
    b.onResolve({ filter: /^\.\/[\w-]+\.js$/ }, (args) =>
      args.importer.startsWith(coreLib + sep)
        ? { path: join(args.resolveDir, args.path), sideEffects: false }
        : undefined,
    );
  },
};

rmSync(distDir, { recursive: true, force: true });
mkdirSync(distDir, { recursive: true });
writeFileSync(join(distDir, 'package.json'), '{\n  "type": "module"\n}\n');

const names = readdirSync(actionsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

for (const name of names) {
  const entryPoints = { index: join(actionsDir, name, 'index.ts') };
  const post = join(actionsDir, name, 'post-index.ts');
  if (existsSync(post)) entryPoints.post = post;
  await build({
    entryPoints,
    outdir: join(distDir, name),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: banner },
    plugins: [lightCore],
    // Optional native parts of ssh2: it falls back to pure JS when they are missing.
    external: ['cpu-features', '*.node'],
    legalComments: 'none',
    logLevel: 'warning',
  });
  console.log(`bundled dist/${name}/ (${Object.keys(entryPoints).join(', ')})`);
}
