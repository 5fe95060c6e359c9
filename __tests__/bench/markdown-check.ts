/** Checks on rendered Markdown that hold whatever names a hostile benchmark output printed. */
import { expect } from 'vitest';

/**
 * The text CommonMark leaves outside code spans, line by line: a run of n backticks opens a span
 * that the next run of exactly n backticks closes; an unmatched run is literal text.
 */
export function outsideCodeSpans(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => {
      let out = '';
      let i = 0;
      while (i < line.length) {
        if (line[i] === '\\' && line[i + 1] === '`') {
          out += '\\`';
          i += 2;
          continue;
        }
        if (line[i] !== '`') {
          out += line[i];
          i++;
          continue;
        }
        let n = 0;
        while (line[i + n] === '`') n++;
        let j = i + n;
        let close = -1;
        while (j < line.length) {
          if (line[j] !== '`') {
            j++;
            continue;
          }
          let m = 0;
          while (line[j + m] === '`') m++;
          if (m === n) {
            close = j;
            break;
          }
          j += m;
        }
        if (close < 0) {
          out += '`'.repeat(n);
          i += n;
        } else {
          out += '<code/>';
          i = close + n;
        }
      }
      return out;
    })
    .join('\n');
}

/** What must never appear outside a code span in a report that printed hostile names. */
export function expectNoLiveMarkup(markdown: string): void {
  const outside = outsideCodeSpans(markdown);
  for (const bad of ['<img', '<i>', '<!--', '@octocat', '](http', 'https://', '<script'])
    expect(outside, bad).not.toContain(bad);
  // Every table row keeps its header's cells: no unescaped '|' inside a cell.
  let cells: number | undefined;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('| ')) {
      cells = undefined;
      continue;
    }
    const n = line.replace(/\\\|/g, '').split('|').length;
    cells ??= n;
    expect(n, line).toBe(cells);
  }
}

/** Benchmark output whose package, names and unit are each an attempt at markup or a mention. */
export function hostileOutput(factor: number, extra: string[] = []): string {
  const pkg = 'evil.example/<img src=x> @octocat [l](https://evil.example/) <!-- x';
  const names = [
    '<img/src=x>-2',
    '@octocat',
    '[l](https://evil.example/)',
    'tick`s',
    '|pipe|',
    '<!--',
  ];
  const steady = [100, 101, 99, 100.5, 99.5, 100.2, 99.8, 100.1, 99.9, 100.3];
  return (
    `pkg: ${pkg}\n` +
    names
      .flatMap((n) => steady.map((v) => `Benchmark${n} 100 ${v * factor} ns/op 1 <i>u</i>/op`))
      .join('\n') +
    '\n' +
    extra.join('\n')
  );
}
