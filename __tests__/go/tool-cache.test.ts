/**
 * setup-go reads and writes the tool cache without @actions/tool-cache on its fast path; these
 * check that both agree on the layout, with the real library on both sides.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tc from '@actions/tool-cache';
import { beforeEach, describe, expect, it } from 'vitest';
import { installedVersions, isInstalled, markComplete, toolDir } from '../../src/go/tool-cache.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'winship-toolcache-'));
  process.env.RUNNER_TOOL_CACHE = root;
  process.env.RUNNER_TEMP = join(root, '..', 'temp');
});

describe('the tool-cache layout', () => {
  it('finds what @actions/tool-cache cacheDir stored', async () => {
    const src = mkdtempSync(join(tmpdir(), 'winship-go-src-'));
    mkdirSync(join(src, 'bin'));
    writeFileSync(join(src, 'bin', 'go'), '');
    const dir = await tc.cacheDir(src, 'go', '1.22.5', 'x64');
    expect(dir).toBe(toolDir(root, '1.22.5', 'x64'));
    expect(isInstalled(root, '1.22.5', 'x64')).toBe(true);
    expect(installedVersions(root, 'x64')).toEqual(['1.22.5']);
    expect(installedVersions(root, 'arm64')).toEqual([]);
  });

  it('what setup-go stores is found by tc.find and tc.findAllVersions', () => {
    for (const v of ['1.22.4', '1.23.1', '1.24.0-rc.1']) {
      mkdirSync(toolDir(root, v, 'x64'), { recursive: true });
      markComplete(root, v, 'x64');
    }
    mkdirSync(toolDir(root, '1.22.5', 'x64'), { recursive: true }); // no marker: unfinished
    expect(tc.findAllVersions('go', 'x64').sort()).toEqual(installedVersions(root, 'x64').sort());
    expect(installedVersions(root, 'x64').sort()).toEqual(['1.22.4', '1.23.1', '1.24.0-rc.1']);
    expect(tc.find('go', '1.22.4', 'x64')).toBe(toolDir(root, '1.22.4', 'x64'));
    expect(tc.find('go', '1.22.5', 'x64')).toBe('');
    expect(isInstalled(root, '1.22.5', 'x64')).toBe(false);
  });

  it('an empty or missing tool cache has nothing', () => {
    expect(installedVersions(join(root, 'nope'), 'x64')).toEqual([]);
  });
});
