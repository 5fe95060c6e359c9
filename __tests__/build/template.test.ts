import { describe, expect, it } from 'vitest';
import { LDFLAGS_FIELDS, parseTemplate, renderTemplate } from '../../src/build/template.js';

const values = {
  version: '1.2.3',
  commit: 'abc',
  date: '2024-05-01T12:00:00Z',
  goos: 'linux',
  goarch: 'amd64',
};

describe('templates', () => {
  it('replaces each field, with or without spaces inside the braces', () => {
    const t = parseTemplate(
      '-X main.v={{version}} -X main.t={{ goos }}/{{goarch}} -X main.c={{commit}}',
      LDFLAGS_FIELDS,
    );
    expect(renderTemplate(t, values)).toBe('-X main.v=1.2.3 -X main.t=linux/amd64 -X main.c=abc');
  });

  it('keeps text without fields as it is', () => {
    expect(renderTemplate(parseTemplate('-s -w', LDFLAGS_FIELDS), values)).toBe('-s -w');
    expect(renderTemplate(parseTemplate('', LDFLAGS_FIELDS), values)).toBe('');
  });

  it('names an unknown field, the nearest known one and the list', () => {
    expect(() => parseTemplate('-X main.v={{verison}}', LDFLAGS_FIELDS)).toThrow(
      "unknown field '{{verison}}' (did you mean 'version'?); known fields: version, commit, date, goos, goarch",
    );
    expect(() => parseTemplate('{{ .Version }}', LDFLAGS_FIELDS)).toThrow(/unknown field/);
  });

  it('rejects malformed braces with the column', () => {
    expect(() => parseTemplate('-X main.v={{version', LDFLAGS_FIELDS)).toThrow(
      "'{{' at column 11 is never closed with '}}'",
    );
    expect(() => parseTemplate('-X main.v=version}}', LDFLAGS_FIELDS)).toThrow(
      "'}}' at column 18 has no opening '{{'",
    );
    expect(() => parseTemplate('{{}}', LDFLAGS_FIELDS)).toThrow('empty field');
    expect(() => parseTemplate('{{ {{version}} }}', LDFLAGS_FIELDS)).toThrow(/never closed/);
  });
});
