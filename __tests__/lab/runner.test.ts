import { describe, expect, it } from 'vitest';
import { inputEnvName, parseAnnotations, parseKeyValueFile } from '../../lab/runner.js';

describe('runner harness file formats', () => {
  it('parses heredoc blocks and plain lines as the runner writes them', () => {
    const text = 'a<<ghadelimiter_1\nline one\nline two\nghadelimiter_1\nb=plain=value\n';
    expect(parseKeyValueFile(text)).toEqual({ a: 'line one\nline two', b: 'plain=value' });
  });

  it('rejects an unterminated heredoc instead of guessing', () => {
    expect(() => parseKeyValueFile('a<<EOF\nvalue\n')).toThrow(/unterminated/);
  });

  it('names inputs like the runner: upper case, spaces to underscores, hyphens kept', () => {
    expect(inputEnvName('go-version file')).toBe('INPUT_GO-VERSION_FILE');
  });

  it('reads error annotations with escaped properties and message', () => {
    const out = '::error file=a%2Cb.go,line=3,title=T%3Ax::bad%0Athing 100%25\nplain\n';
    expect(parseAnnotations(out)).toEqual([
      { level: 'error', message: 'bad\nthing 100%', file: 'a,b.go', line: 3, title: 'T:x' },
    ]);
  });
});
