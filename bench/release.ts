// Benchmark of the release path (`npm run bench release`), ratios against baselines measured in
// the same run:
//
//   signing: winship's sign step for one Windows binary (src/signing/sign.ts: osslsigncode sign,
//     then osslsigncode verify with the signer pinned, then the swap) against a bare
//     `osslsigncode sign` of the same file, and against `sha256sum` of it (the cost of reading it
//     once). Goal: sign + verify at most 3x the bare sign (the verification reads the file again
//     and checks the chain).
//   release upload: an asset uploaded through @actions/github's octokit as publishRelease does it
//     (the file read, then one POST to the release's upload_url) against the local recorder of
//     GitHub's Releases REST API (lab/github-releases.ts) on 127.0.0.1, in ms per MiB, against one
//     raw POST of the same bytes (already in memory) to the same endpoint with node's fetch; and
//     the whole release step (find, create, list, upload). Goal: the upload at most 1.5x the raw
//     POST per MiB at the largest size.
//
// Knobs: BENCH_RELEASE_SIGN_RUNS=15  BENCH_RELEASE_SIZES=1,8,32 (MiB)  BENCH_RELEASE_UPLOAD_RUNS=5
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestSigner } from '../lab/code-signing.js';
import { startLocalReleasesApi } from '../lab/github-releases.js';
import { buildExampleExe } from '../lab/wine.js';
import type { LocalAsset } from '../src/release/api.js';
import { octokitReleaseApi } from '../src/release/github.js';
import { publishRelease } from '../src/release/publish.js';
import { openSigningKey } from '../src/signing/key.js';
import { signBinary } from '../src/signing/sign.js';

const SIGN_RUNS = Number(process.env.BENCH_RELEASE_SIGN_RUNS ?? 15);
const SIZES = (process.env.BENCH_RELEASE_SIZES ?? '1,8,32').split(',').map(Number);
const UPLOAD_RUNS = Number(process.env.BENCH_RELEASE_UPLOAD_RUNS ?? 5);
const SIGN_GOAL = 3;
const UPLOAD_GOAL = 1.5;
const MiB = 1 << 20;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (s: number) => `${(s * 1000).toFixed(1)} ms`;
function timed(cmd: string, args: string[]): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
  return (performance.now() - t) / 1000;
}

const home = mkdtempSync(join(tmpdir(), 'winship-bench-release-'));
try {
  // Signing.
  const exe = await buildExampleExe('1.0.0');
  const size = statSync(exe).size;
  const signer = makeTestSigner();
  const key = await openSigningKey(
    { certificate: signer.pfxBase64, password: signer.password },
    { tmp: home },
  );
  const ours: number[] = [];
  const bare: number[] = [];
  const hash: number[] = [];
  for (let i = 0; i < SIGN_RUNS; i++) {
    // Alternate the order so neither side always gets the warm page cache.
    const file = join(home, `app-${i}.exe`);
    const out = join(home, `bare-${i}.exe`);
    copyFileSync(exe, file);
    const runOurs = async () => ours.push((await signBinary(key, file)).seconds);
    const runBare = () =>
      bare.push(
        timed('osslsigncode', [
          'sign',
          '-pkcs12',
          key.pfx,
          '-readpass',
          key.passwordFile!,
          '-h',
          'sha256',
          '-in',
          exe,
          '-out',
          out,
        ]),
      );
    if (i % 2 === 0) {
      await runOurs();
      runBare();
    } else {
      runBare();
      await runOurs();
    }
    hash.push(timed('sha256sum', [exe]));
    rmSync(file);
    rmSync(out);
  }
  await key.dispose();
  const signRatio = median(ours) / median(bare);
  console.log(
    `signing one Windows binary (${(size / MiB).toFixed(1)} MiB, median of ${SIGN_RUNS}): winship sign + verify ${ms(median(ours))}, ` +
      `bare osslsigncode sign ${ms(median(bare))}, sha256sum ${ms(median(hash))}; ` +
      `ratio to bare sign ${signRatio.toFixed(2)} (goal <= ${SIGN_GOAL}: ${signRatio <= SIGN_GOAL ? 'met' : 'NOT met'}), ` +
      `to sha256sum ${(median(ours) / median(hash)).toFixed(1)}`,
  );

  // Release upload against the recorder.
  const gh = await startLocalReleasesApi();
  try {
    const api = await octokitReleaseApi(
      { token: 'bench', apiUrl: gh.url, owner: 'winship-test', repo: 'hello-service' },
      () => undefined,
    );
    for (const mib of SIZES) {
      const path = join(home, `asset-${mib}.zip`);
      const data = randomBytes(mib * MiB);
      writeFileSync(path, data);
      const asset: LocalAsset = {
        name: `hello-service_${mib}.zip`,
        path,
        size: data.length,
        sha256: '0'.repeat(64),
        contentType: 'application/zip',
      };
      const whole: number[] = [];
      const upload: number[] = [];
      const raw: number[] = [];
      for (let i = 0; i < UPLOAD_RUNS; i++) {
        const tag = `v${mib}.0.${i}`;
        // The whole step: find the release (none yet), create it, list its assets, upload.
        let t = performance.now();
        const r = await publishRelease(
          {
            fields: { tag_name: tag, name: tag, body: '', draft: false, prerelease: false },
            assets: [asset],
          },
          api,
          () => undefined,
        );
        whole.push((performance.now() - t) / 1000);
        const rel = gh.releases.find((x) => x.id === r.id)!;
        const data2 = { ...asset, name: `again-${i}.zip` };
        const order = i % 2 === 0 ? ['ours', 'raw'] : ['raw', 'ours'];
        for (const which of order) {
          t = performance.now();
          if (which === 'ours') {
            // The upload alone, through octokit, as publishRelease makes it.
            await api.uploadAsset(
              {
                id: rel.id,
                tag_name: tag,
                name: tag,
                draft: false,
                prerelease: false,
                html_url: '',
                upload_url: `${gh.url}/uploads/repos/winship-test/hello-service/releases/${rel.id}/assets{?name,label}`,
              },
              data2,
            );
            upload.push((performance.now() - t) / 1000);
          } else {
            // The same bytes in one POST to the same endpoint with node's fetch, from memory.
            const res = await fetch(
              `${gh.url}/uploads/repos/winship-test/hello-service/releases/${rel.id}/assets?name=raw-${i}.zip`,
              {
                method: 'POST',
                headers: { 'content-type': 'application/zip', authorization: 'token bench' },
                body: data,
              },
            );
            await res.arrayBuffer();
            if (res.status !== 201) throw new Error(`raw upload: HTTP ${res.status}`);
            raw.push((performance.now() - t) / 1000);
          }
        }
        // Keep the recorder's memory flat.
        for (const x of gh.releases) for (const a of x.assets) a.data = Buffer.alloc(0);
      }
      const perUpload = median(upload) / mib;
      const perRaw = median(raw) / mib;
      const ratio = perUpload / perRaw;
      const goal =
        mib === Math.max(...SIZES)
          ? ` (goal <= ${UPLOAD_GOAL}: ${ratio <= UPLOAD_GOAL ? 'met' : 'NOT met'})`
          : '';
      console.log(
        `release asset of ${mib} MiB (median of ${UPLOAD_RUNS}): upload ${ms(median(upload))} = ${ms(perUpload)}/MiB, ` +
          `raw POST ${ms(median(raw))} = ${ms(perRaw)}/MiB, ratio ${ratio.toFixed(2)}${goal}; ` +
          `whole release step (find, create, list, upload) ${ms(median(whole))}`,
      );
    }
  } finally {
    await gh.close();
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
