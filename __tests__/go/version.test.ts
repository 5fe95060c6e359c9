import { describe, expect, it } from 'vitest';
import { goToSemver, parseVersionSpec, withoutGoPrefix } from '../../src/go/version.js';

describe('Go release names as semver', () => {
  it.each([
    ['go1.22.5', '1.22.5'],
    ['go1.20', '1.20.0'],
    ['go1', '1.0.0'],
    ['go1.21rc2', '1.21.0-rc.2'],
    ['go1.9.2rc2', '1.9.2-rc.2'],
    ['go1.5beta1', '1.5.0-beta.1'],
    ['1.22.5', '1.22.5'],
  ])('%s -> %s', (name, semver) => expect(goToSemver(name)).toBe(semver));

  it.each(['', 'go', 'gotip', 'go1.22.5.1', 'go1.22-custom', 'weekly.2012-03-27'])(
    '%j is not a Go release name',
    (name) => expect(goToSemver(name)).toBeUndefined(),
  );

  it('drops the go prefix for outputs, as actions/setup-go does', () => {
    expect(withoutGoPrefix('go1.24rc1')).toBe('1.24rc1');
  });
});

describe('version specs', () => {
  it.each([
    ['1.22.5', { kind: 'exact', version: '1.22.5' }],
    ['go1.22.5', { kind: 'exact', version: '1.22.5' }],
    ['v1.22.5', { kind: 'exact', version: '1.22.5' }],
    [' 1.23rc1 ', { kind: 'exact', version: '1.23.0-rc.1' }],
    ['1.24.0-rc.1', { kind: 'exact', version: '1.24.0-rc.1' }],
    ['1.22', { kind: 'range', range: '~1.22.0', spec: '1.22' }],
    ['1', { kind: 'range', range: '1.x', spec: '1' }],
    ['^1.22', { kind: 'range', range: '^1.22' }],
    ['>=1.21 <1.23', { kind: 'range', range: '>=1.21 <1.23' }],
    ['1.22.x', { kind: 'range', range: '1.22.x' }],
    ['stable', { kind: 'alias', alias: 'stable' }],
    ['OldStable', { kind: 'alias', alias: 'oldstable' }],
  ])('%j', (spec, request) => expect(parseVersionSpec(spec, 'x')).toEqual(request));

  it.each(['banana', 'latest', '1.22.5.1', '', '>>1'])('rejects %j naming the source', (spec) => {
    expect(() => parseVersionSpec(spec, "Input 'go-version'")).toThrow(
      new RegExp(
        `^Input 'go-version': '${spec.replace(/[.>]/g, '\\$&')}' is not a Go version: use an exact version`,
      ),
    );
  });
});
