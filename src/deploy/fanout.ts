/**
 * deploy-windows' `mode: plan` and `mode: merge`: a rollout by rings, one job per ring. Plan reads
 * the hosts (`hosts`, `hosts-file`) and the rings (or `waves`) and emits them as outputs for the
 * rings' jobs; merge reads `toJSON(needs)` of the jobs and reports the rollout as one. Neither
 * touches a host or needs a key.
 */
import type { Inputs } from '../runner/inputs.js';
import type { RunnerIO } from '../runner/io.js';
import { targetLabel } from '../hosts/ssh.js';
import { InputError } from '../runner/errors.js';
import { readHostList } from './config.js';
import { DEPLOY_OUTPUTS } from './outputs.js';
import { mergeMarkdown, ringsMarkdown } from './report.js';
import { mergeRings, parseRings, planRings } from './rings.js';
import { parseWaves } from './waves.js';

export async function runPlan(inputs: Inputs, io: RunnerIO, env: NodeJS.ProcessEnv): Promise<void> {
  const hosts = readHostList(inputs, env).map(targetLabel);
  if (hosts.length === 0)
    throw new InputError(
      'hosts',
      'is required with mode: plan (or a hosts-file): the fleet to split into rings',
    );
  const specs = parseRings(inputs.string('rings'));
  const waves = parseWaves(inputs.string('waves'));
  if (specs.length && waves.length)
    throw new InputError(
      'waves',
      'is given with rings: give each ring its waves in rings (waves=10%,50%,100%), or leave rings empty to make a ring of each wave',
    );
  const rings = planRings(hosts, specs, { waves, bake: inputs.string('bake-time').trim() });
  io.output(DEPLOY_OUTPUTS.matrix, JSON.stringify({ include: rings }));
  io.output(
    DEPLOY_OUTPUTS.rings,
    JSON.stringify(Object.fromEntries(rings.map((r) => [r.name, r]))),
  );
  for (const r of rings)
    io.info(
      `Ring ${r.index} ${r.name}: ${r.count} host(s)${r.waves ? `, waves ${r.waves}` : ''}${r['bake-time'] ? `, bake ${r['bake-time']}` : ''}`,
    );
  await io.summary(ringsMarkdown(rings, hosts.length));
}

export async function runMerge(inputs: Inputs, io: RunnerIO): Promise<void> {
  const merged = mergeRings(inputs.required('results'));
  io.output(DEPLOY_OUTPUTS.deployed, JSON.stringify(merged.deployed));
  io.output(DEPLOY_OUTPUTS.failed, JSON.stringify(merged.failed));
  io.output(DEPLOY_OUTPUTS.skipped, JSON.stringify(merged.skipped));
  io.output(DEPLOY_OUTPUTS.reverted, JSON.stringify(merged.reverted));
  await io.summary(mergeMarkdown(merged));
  if (!merged.complete)
    io.warning(
      `The rollout by rings is not complete: ${merged.deployed.length} of ${merged.rings.reduce((n, r) => n + r.hosts.length, 0)} host(s) run the release, ${merged.failed.length} failed, ${merged.skipped.length} not started (see the job summary)`,
    );
}
