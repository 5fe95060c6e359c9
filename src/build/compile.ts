/**
 * Carries out a build plan: `go build` for each target with at most `parallel` at once, and, as
 * each binary lands, its archive and digests, while the next targets compile. A failed target
 * does not stop the others; its compiler errors come back as diagnostics.
 */
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeArchive, type ArchiveEntry } from './archive.js';
import { hashFile } from '../runner/sha256.js';
import { parseGoBuildOutput, type Diagnostic } from './diagnostics.js';
import { goBuild } from './go.js';
import type { ManifestSignature, ManifestTarget } from './manifest.js';
import type { BuildPlan, TargetPlan } from './plan.js';
import { describeCommand } from './plan.js';
import { limiter, runBounded } from './scheduler.js';
import { formatBytes, formatSeconds } from '../runner/markdown.js';
import type { RunnerIO } from '../runner/io.js';

export type TargetOutcome =
  | { ok: true; plan: TargetPlan; seconds: number; entry: ManifestTarget }
  | { ok: false; plan: TargetPlan; seconds: number; diagnostics: Diagnostic[] };

export interface CompileContext {
  cwd: string;
  workspace: string;
  /** Extra files for archives: entry name (relative to cwd) -> absolute path. */
  archiveFiles: readonly string[];
  /** Scratch space for archive staging. */
  tmp: string;
  io: RunnerIO;
  /** Signs a Windows binary in place (and verifies it) before it is hashed and archived. */
  sign?: (file: string) => Promise<{ record: ManifestSignature; seconds: number }>;
}

async function finishTarget(
  plan: BuildPlan,
  t: TargetPlan,
  seconds: number,
  ctx: CompileContext,
): Promise<TargetOutcome> {
  await chmod(t.binary, 0o755);
  // Signed before anything describes it: the archive, SHA256SUMS and the manifest are of the signed file.
  const signed = ctx.sign && t.goos === 'windows' ? await ctx.sign(t.binary) : undefined;
  const binary = await hashFile(t.binary);
  const entry: ManifestTarget = {
    target: t.target,
    goos: t.goos,
    goarch: t.goarch,
    file: t.file,
    size: binary.size,
    sha256: binary.sha256,
    seconds: Math.round(seconds * 1000) / 1000,
    ...(signed ? { signature: signed.record } : {}),
  };
  if (t.archive) {
    const entries: ArchiveEntry[] = [
      { name: t.programName, source: t.binary, mode: 0o755 },
      ...ctx.archiveFiles.map((f): ArchiveEntry => ({
        name: f,
        source: join(ctx.cwd, f),
        mode: 0o644,
      })),
    ];
    await writeArchive(
      t.archive.format,
      t.archive.path,
      entries,
      plan.version.time,
      join(ctx.tmp, t.goos + '_' + t.goarch),
    );
    entry.archive = { file: t.archive.file, ...(await hashFile(t.archive.path)) };
  }
  return { ok: true, plan: t, seconds, entry };
}

function report(ctx: CompileContext, o: TargetOutcome, output: string): void {
  const lines = [describeCommand(o.plan), output.trimEnd()].filter((l) => l !== '');
  if (o.ok) {
    lines.push(`${o.entry.file}  ${formatBytes(o.entry.size)}  sha256 ${o.entry.sha256}`);
    const sig = o.entry.signature;
    if (sig)
      lines.push(
        `signed by ${sig.subject} (certificate SHA-256 ${sig.sha256}, SHA-1 ${sig.sha1}), verified${sig.timestamped ? ', timestamped' : ', no timestamp'}`,
      );
    if (o.entry.archive)
      lines.push(
        `${o.entry.archive.file}  ${formatBytes(o.entry.archive.size)}  sha256 ${o.entry.archive.sha256}`,
      );
  }
  const title = o.ok
    ? `${o.plan.target}: built in ${formatSeconds(o.seconds)}, ${formatBytes(o.entry.size)}`
    : `${o.plan.target}: FAILED after ${formatSeconds(o.seconds)}`;
  ctx.io.logGroup(title, lines.join('\n') + '\n');
}

export async function compileAll(plan: BuildPlan, ctx: CompileContext): Promise<TargetOutcome[]> {
  await mkdir(plan.outputDirectory, { recursive: true });
  await Promise.all(plan.resourceObjects.map((r) => writeFile(r.path, r.data)));
  try {
    const finishing: Promise<TargetOutcome>[] = [];
    // Archiving and hashing are bounded too, so memory stays flat however many targets land at once.
    const finishSlot = limiter(Math.max(2, plan.parallel));
    await runBounded(plan.targets, plan.parallel, async (t, i) => {
      await rm(t.binary, { force: true });
      const r = await goBuild(t.args, ctx.cwd, { ...process.env, ...t.env });
      const output = r.stdout + r.stderr;
      let outcome: Promise<TargetOutcome>;
      if (r.code === 0) outcome = finishSlot(() => finishTarget(plan, t, r.seconds, ctx));
      else
        outcome = Promise.resolve({
          ok: false,
          plan: t,
          seconds: r.seconds,
          diagnostics: parseGoBuildOutput(output, ctx.cwd, ctx.workspace),
        });
      // Archiving and hashing run while the next target compiles; report each as it completes.
      finishing[i] = outcome.then((o) => {
        report(ctx, o, output);
        return o;
      });
      // Keep a rejection from counting as unhandled while other targets still compile.
      finishing[i]!.catch(() => undefined);
    });
    return await Promise.all(finishing);
  } finally {
    await Promise.all(plan.resourceObjects.map((r) => rm(r.path, { force: true })));
  }
}
