// Bundles each action in src/actions/<name>/ into dist/<name>/ (index.js, post.js when present).
// One esbuild build per action, with code splitting, so a heavy library imported lazily lands in a
// chunk of its own that an action loads only when it needs it.
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

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

rmSync(distDir, { recursive: true, force: true });
mkdirSync(distDir, { recursive: true });
writeFileSync(join(distDir, 'package.json'), '{\n  "type": "module"\n}\n');

const names = readdirSync(actionsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

for (const name of names) {
  const entryPoints = { index: join(actionsDir, name, 'main.ts') };
  const post = join(actionsDir, name, 'post.ts');
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
    // Optional native parts of ssh2: it falls back to pure JS when they are missing.
    external: ['cpu-features', '*.node'],
    legalComments: 'none',
    logLevel: 'warning',
  });
  console.log(`bundled dist/${name}/ (${Object.keys(entryPoints).join(', ')})`);
}
