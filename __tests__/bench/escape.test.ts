/**
 * Names printed in the job summary and the pull-request comment come from the benchmark output,
 * which in go mode the code under review prints. Whatever they hold, they must reach the reader
 * as text: no HTML, no links, no hidden comments, no mentions, no broken table rows.
 */
import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../src/bench/compare/gate.js';
import { defaultPolicy } from '../../src/bench/compare/policy.js';
import { parseBenchmarks } from '../../src/bench/format/parse.js';
import { literal } from '../../src/bench/report/escape.js';
import { renderReport } from '../../src/bench/report/markdown.js';
import { expectNoLiveMarkup } from './markdown-check.js';

describe('literal', () => {
  it('puts text in a code span whose fence no backtick inside can close', () => {
    expect(literal('Encode/size=1K-2')).toBe('`Encode/size=1K-2`');
    expect(literal('a`b')).toBe('``a`b``');
    expect(literal('``x')).toBe('``` ``x ```');
    expect(literal('x`')).toBe('`` x` ``');
    expect(literal(' both ')).toBe('`  both  `');
    expect(literal('')).toBe('*(empty)*');
  });

  it('shows line breaks, control and bidirectional characters as escapes', () => {
    expect(literal('a\nb\r\tc')).toBe('`a\\nb\\r\\tc`');
    expect(literal('\u202eevil\u200b')).toBe('`\\u202eevil\\u200b`');
    expect(literal('nul\u0000')).toBe('`nul\\u0000`');
    expect(literal('x\n<img src=x>')).not.toContain('\n');
  });
});

describe('hostile names in the report', () => {
  const pkg = 'evil.example/<img src=x> @octocat [l](https://evil.example/) <!-- x';
  const names = [
    '<img/src=x>-2',
    '@octocat',
    '[l](https://evil.example/)',
    'tick`s',
    '|pipe|',
    '<!--',
    '<script>',
  ];
  const steady = [100, 101, 99, 100.5, 99.5, 100.2, 99.8, 100.1, 99.9, 100.3];
  const side = (f: number, extra: string[] = []) =>
    `pkg: ${pkg}\n` +
    names
      .flatMap((n) => steady.map((v) => `Benchmark${n} 100 ${v * f} ns/op 1 <i>u</i>/op`))
      .join('\n') +
    '\n' +
    extra.join('\n');

  it('prints every name, unit, package and message as text in the summary', () => {
    const base = parseBenchmarks(side(1, ['BenchmarkOld@octocat 1 1 ns/op']), 'base');
    const head = parseBenchmarks(
      side(1.5, [
        'Benchmark<img/src=x>-2 1 -1 ns/op',
        'Benchmark[new](https://evil.example/) 1 1 ns/op',
      ]),
      'head',
    );
    const gate = evaluateGate(base, head, defaultPolicy());
    gate.warnings.push('go build failed:\n<img src=x> @octocat');
    const md = renderReport(gate, {
      subject: 'Compared two result files',
      failOn: 'regression',
      notes: ['base: <img src=x>.txt'],
      formatWarnings: [...base.warnings, ...head.warnings],
    });
    expect(gate.regressions).toHaveLength(names.length);
    expectNoLiveMarkup(md);
    expect(md).toContain('| ``tick`s`` |');
    expect(md).toContain('`\\|pipe\\|`');
  });
});
