/**
 * The build's signing step around the signing key: opens and checks it once, says what the
 * signatures will be (and warns when they carry no timestamp), signs each Windows binary as it
 * lands, and removes the key when the build is done. The post step's state names the key folder.
 */
import { rmSync } from 'node:fs';
import type { RunnerIO } from '../runner/io.js';
import { SIGNING_INPUTS, SIGNING_STATE } from '../signing/config.js';
import { openSigningKey, type SigningConfig } from '../signing/key.js';
import { signBinary, type SignatureRecord } from '../signing/sign.js';
import type { Manifest } from './manifest.js';
import type { BuildPlan } from './plan.js';

export interface BuildSigning {
  sign(file: string): Promise<{ record: SignatureRecord; seconds: number }>;
  dispose(): Promise<void>;
}

export async function openSigningForBuild(
  config: SigningConfig,
  plan: BuildPlan,
  opts: { io: RunnerIO; tmp: string },
): Promise<BuildSigning | undefined> {
  const { io } = opts;
  const windows = plan.targets.filter((t) => t.goos === 'windows');
  if (windows.length === 0) {
    io.warning(`${SIGNING_INPUTS.certificate} is set but no target is Windows: nothing is signed`);
    return undefined;
  }
  const key = await openSigningKey(config, { tmp: opts.tmp });
  io.saveState(SIGNING_STATE.keyDir, key.dir);
  // A cancelled job gets SIGINT, then SIGTERM: the key goes first, then the signal does what it
  // would have done. (The post step removes it too, but the root action's post step runs only
  // after success.)
  const onSignal = (signal: NodeJS.Signals) => {
    rmSync(key.dir, { recursive: true, force: true });
    unhook();
    process.kill(process.pid, signal);
  };
  const unhook = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  io.info(
    `Signing ${windows.length} Windows binar${windows.length === 1 ? 'y' : 'ies'} as ${key.leaf.subject} ` +
      `(certificate SHA-256 ${key.leaf.sha256}, SHA-1 ${key.leaf.sha1}, valid until ${key.leaf.notAfter.toISOString().slice(0, 10)})`,
  );
  if (!config.timestampUrl)
    io.warning(
      `${SIGNING_INPUTS.timestampUrl} is empty: the signatures carry no timestamp, so Windows stops trusting them when the certificate expires on ${key.leaf.notAfter.toISOString().slice(0, 10)}; set it to your CA's RFC 3161 server (docs/signing.md)`,
      { title: 'build: signatures without timestamp' },
    );
  return {
    sign: async (file) => {
      const r = await signBinary(key, file);
      if (r.warning) io.warning(r.warning, { title: 'build: timestamp not verified' });
      return r;
    },
    dispose: async () => {
      unhook();
      await key.dispose();
    },
  };
}

/** The job summary's lines about signatures: which binaries, by whom; undefined when none is signed. */
export function signingSummary(manifest: Manifest): string | undefined {
  const signed = manifest.targets.filter((t) => t.signature);
  if (signed.length === 0) return undefined;
  const rows = signed.map((t) => {
    const g = t.signature!;
    return `- \`${t.file}\`: signed by ${g.subject}, certificate SHA-256 \`${g.sha256}\` (SHA-1 \`${g.sha1}\`), ${g.timestamped ? 'timestamped' : 'no verified timestamp'}`;
  });
  return `Authenticode (verified after signing):\n\n${rows.join('\n')}\n`;
}
