/**
 * Rings for a rollout of one job per ring: `rings` parsed and refused when wrong, the plan over a
 * fleet (with and without ring definitions), and the merge of what the rings' jobs reported,
 * through the deploy-windows entry with RecordingIO (mode: plan, then mode: merge) as a round trip.
 */
import { describe, expect, test } from 'vitest';
import { mergeRings, parseRings, planRings } from '../../src/deploy/rings.js';
import { parseWaves } from '../../src/deploy/waves.js';
import { runDeployAction } from '../../src/deploy/action.js';
import { Inputs } from '../../src/runner/inputs.js';
import { RecordingIO } from '../../src/runner/io.js';

const fleet = (n: number) => Array.from({ length: n }, (_, i) => `deploy@app${i + 1}:22`);
const RINGS = 'canary 1 bake=10m\n# the rest\nproduction 100% waves=10%,50%,100% bake=30m\n';

describe('parseRings', () => {
  test('a name, a share, and optional waves= and bake=', () => {
    expect(parseRings(RINGS)).toEqual([
      { name: 'canary', share: { kind: 'count', hosts: 1 }, waves: '', bake: '10m' },
      {
        name: 'production',
        share: { kind: 'percent', percent: 100 },
        waves: '10%, 50%, 100%',
        bake: '30m',
      },
    ]);
  });

  test.each([
    ['Canary 1', /line 1: 'Canary' is not a ring name/],
    ['canary', /line 1: 'canary' has no share/],
    ['canary 1\ncanary 2', /line 2: the ring 'canary' is defined twice/],
    ['canary lots', /neither a host count nor a percentage/],
    ['canary 1,2', /'1,2' is not one host count or percentage/],
    ['canary 1 bake=soon', /bake=soon is not a duration/],
    ['canary 1 waves=50%,10%', /'10%' after '50%'/],
    ['canary 1 reviewers=2', /'reviewers=2' is not an option of a ring/],
  ])('refuses %j', (text, message) => {
    expect(() => parseRings(text)).toThrow(message);
    expect(() => parseRings(text)).toThrow(/^Input 'rings': /);
  });
});

describe('planRings', () => {
  test('canary then production over 10 hosts, hosts in order, bake-final on all but the last', () => {
    const rings = planRings(fleet(10), parseRings(RINGS), { waves: [], bake: '' });
    expect(rings.map((r) => [r.name, r.index, r.count, r['bake-time'], r['bake-final']])).toEqual([
      ['canary', 1, 1, '10m', true],
      ['production', 2, 9, '30m', false],
    ]);
    expect(rings[0]!.hosts).toBe('deploy@app1:22');
    expect(rings[1]!.hosts.split('\n')).toEqual(fleet(10).slice(1));
    expect(rings[1]!.waves).toBe('10%, 50%, 100%');
  });

  test('without rings, each wave of `waves` is a ring', () => {
    const rings = planRings(fleet(5), [], { waves: parseWaves('1, 60%'), bake: '5m' });
    expect(rings.map((r) => [r.name, r.count, r['bake-final']])).toEqual([
      ['wave-1', 1, true],
      ['wave-2', 2, true],
      ['wave-3', 2, false],
    ]);
  });

  test('a ring left without hosts, or a last ring short of the fleet, is refused', () => {
    expect(() => planRings(fleet(1), parseRings(RINGS), { waves: [], bake: '' })).toThrow(
      /leave a ring without hosts on a fleet of 1/,
    );
    expect(() =>
      planRings(fleet(4), parseRings('canary 1\nrest 50%'), { waves: [], bake: '' }),
    ).toThrow(/the last ring 'rest' ends before the fleet does \(2 of 4 hosts\): give it 100%/);
  });
});

describe('mergeRings', () => {
  const plan = planRings(fleet(4), parseRings('canary 1\nproduction 100%'), {
    waves: [],
    bake: '',
  });
  const rings = JSON.stringify(Object.fromEntries(plan.map((r) => [r.name, r])));
  const out = (deployed: string[], failed: string[] = [], extra: Record<string, string> = {}) => ({
    deployed: JSON.stringify(deployed),
    failed: JSON.stringify(failed),
    skipped: '[]',
    reverted: '[]',
    'halted-at-wave': '',
    ...extra,
  });

  test('every ring done: one deployed list in ring order, complete', () => {
    const m = mergeRings(
      JSON.stringify({
        plan: { result: 'success', outputs: { rings } },
        canary: { result: 'success', outputs: out(['deploy@app1:22']) },
        production: { result: 'success', outputs: out(fleet(4).slice(1)) },
      }),
    );
    expect(m.deployed).toEqual(fleet(4));
    expect(m.complete).toBe(true);
  });

  test('a halted production ring, and a ring whose job never ran, are reported as such', () => {
    const m = mergeRings(
      JSON.stringify({
        plan: { result: 'success', outputs: { rings } },
        canary: { result: 'success', outputs: out(['deploy@app1:22']) },
        production: {
          result: 'failure',
          outputs: out([], ['deploy@app2:22'], {
            reverted: '[]',
            'halted-at-wave': '1',
          }),
        },
      }),
    );
    expect(m.rings[1]).toMatchObject({
      job: 'failure',
      failed: ['deploy@app2:22'],
      skipped: ['deploy@app3:22', 'deploy@app4:22'],
      haltedAtWave: 1,
    });
    expect(m.complete).toBe(false);
    const skipped = mergeRings(
      JSON.stringify({
        plan: { result: 'success', outputs: { rings } },
        canary: { result: 'failure', outputs: out([], ['deploy@app1:22']) },
        production: { result: 'skipped', outputs: {} },
      }),
    );
    expect(skipped.rings[1]).toMatchObject({ job: 'skipped', skipped: fleet(4).slice(1) });
    expect(skipped.failed).toEqual(['deploy@app1:22']);
  });

  test.each([
    ['not json', /is not JSON/],
    ['[]', /is not an object of jobs/],
    ['{"canary":{"result":"success","outputs":{}}}', /holds no plan/],
  ])('refuses results %j', (text, message) => {
    expect(() => mergeRings(text)).toThrow(message);
  });
});

describe('mode: plan, then mode: merge, through the action', () => {
  const action = async (values: Record<string, string>) => {
    const io = new RecordingIO();
    await runDeployAction({ io, inputs: new Inputs((n) => values[n] ?? ''), env: {} });
    return io;
  };

  test('the plan outputs rings and a matrix; merge joins what the ring jobs said', async () => {
    const plan = await action({ mode: 'plan', hosts: fleet(3).join('\n'), rings: RINGS });
    const rings = plan.outputs.rings!;
    expect(JSON.parse(plan.outputs.matrix!)).toEqual({
      include: Object.values(JSON.parse(rings) as object),
    });
    expect(plan.summaries.join('\n')).toContain('## Deploy plan: 3 host(s) in 2 ring(s)');
    const merged = await action({
      mode: 'merge',
      results: JSON.stringify({
        plan: { result: 'success', outputs: { rings } },
        canary: { result: 'success', outputs: { deployed: '["deploy@app1:22"]', failed: '[]' } },
        production: { result: 'skipped', outputs: {} },
      }),
    });
    expect(merged.outputs.deployed).toBe('["deploy@app1:22"]');
    expect(merged.outputs.skipped).toBe('["deploy@app2:22","deploy@app3:22"]');
    expect(merged.summaries.join('\n')).toMatch(
      /\| production \| skipped \| 2 \| 0 \| 0 \| 0 \| 2 \| {2}\|/,
    );
    expect(merged.warnings.map((w) => w.message).join('\n')).toMatch(
      /not complete: 1 of 3 host\(s\)/,
    );
  });
});
