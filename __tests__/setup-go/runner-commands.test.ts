/**
 * src/runner/commands.ts writes what @actions/core writes, without loading it: each operation is
 * run through both, and stdout and the file commands must match (delimiters aside).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as commands from '../../src/runner/commands.js';
import { parseKeyValueFile } from '../harness/runner.js';

const FILES = ['OUTPUT', 'ENV', 'PATH', 'STATE'] as const;
const saved = { ...process.env };

afterEach(() => {
  process.env = { ...saved };
  vi.restoreAllMocks();
});

/** Runs `op` with fresh file commands; returns stdout and the files, delimiters normalized. */
function capture(op: () => void): { stdout: string; files: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'winship-commands-'));
  for (const f of FILES) {
    process.env[`GITHUB_${f}`] = join(dir, f);
    writeFileSync(join(dir, f), '');
  }
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  op();
  vi.restoreAllMocks();
  const files: Record<string, string> = {};
  for (const f of FILES)
    files[f] = readFileSync(join(dir, f), 'utf8').replace(/ghadelimiter_[0-9a-f-]+/g, 'DELIM');
  return { stdout, files };
}

describe('runner commands without @actions/core', () => {
  const cases: [string, () => void, () => void][] = [
    [
      'setOutput',
      () => core.setOutput('go-version', '1.22.5\nline2'),
      () => commands.setOutput('go-version', '1.22.5\nline2'),
    ],
    [
      'exportVariable',
      () => core.exportVariable('GOTOOLCHAIN', 'local'),
      () => commands.exportVariable('GOTOOLCHAIN', 'local'),
    ],
    ['addPath', () => core.addPath('/opt/go/bin'), () => commands.addPath('/opt/go/bin')],
    ['saveState', () => core.saveState('K', 'v'), () => commands.saveState('K', 'v')],
    ['info', () => core.info('hello 100%'), () => commands.info('hello 100%')],
    ['debug', () => core.debug('a\nb'), () => commands.debug('a\nb')],
    ['setSecret', () => core.setSecret('s3cr3t'), () => commands.setSecret('s3cr3t')],
    [
      'group',
      () => (core.startGroup('go env'), core.endGroup()),
      () => (commands.startGroup('go env'), commands.endGroup()),
    ],
    [
      'error with properties',
      () => core.error('bad: 50%\nnext', { title: 'setup-go', file: 'a,b.go', startLine: 3 }),
      () => commands.error('bad: 50%\nnext', { title: 'setup-go', file: 'a,b.go', startLine: 3 }),
    ],
    ['warning', () => core.warning('careful'), () => commands.warning('careful')],
  ];

  it.each(cases)('%s', (_name, viaCore, viaCommands) => {
    const expected = capture(viaCore);
    const pathAfterCore = process.env.PATH;
    process.env = { ...saved };
    const actual = capture(viaCommands);
    expect(actual).toEqual(expected);
    expect(process.env.PATH).toBe(pathAfterCore);
  });

  it('registers a problem matcher as the runner expects', () => {
    expect(capture(() => commands.addMatcher('/tmp/m.json')).stdout).toBe(
      '::add-matcher::/tmp/m.json\n',
    );
  });

  it('outputs parse back through the harness, multi-line included', () => {
    const { files } = capture(() => commands.setOutput('a', 'x\ny'));
    expect(parseKeyValueFile(files.OUTPUT!)).toEqual({ a: 'x\ny' });
  });

  it('reads inputs and state like the runner passes them', () => {
    process.env['INPUT_GO-VERSION'] = ' 1.22 ';
    process.env.INPUT_CACHE_DEPENDENCY = 'x';
    process.env.STATE_GO_CACHE_KEY = 'k';
    expect(commands.getInput('go-version')).toBe('1.22');
    expect(commands.getInput('cache dependency')).toBe('x');
    expect(commands.getState('GO_CACHE_KEY')).toBe('k');
  });
});
