/** The problem matcher against what the real Go compiler, vet and test print. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GO_MATCHER, GO_MATCHER_REGEXP } from '../../src/go/matcher.js';
import { GOCACHE } from '../../lab/paths.js';

function goOutput(dir: string, ...args: string[]): string {
  try {
    execFileSync('go', args, {
      cwd: dir,
      env: { ...process.env, GOCACHE, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', CGO_ENABLED: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const e = err as { stdout: Buffer; stderr: Buffer };
    return `${e.stdout}${e.stderr}`;
  }
  throw new Error(`go ${args.join(' ')} succeeded; expected a failure`);
}

const match = (line: string) => {
  const m = new RegExp(GO_MATCHER_REGEXP).exec(line);
  return m && { file: m[1], line: m[2], column: m[3], message: m[4] };
};

describe('the Go problem matcher', () => {
  const dir = mkdtempSync(join(tmpdir(), 'winship-matcher-'));
  writeFileSync(join(dir, 'go.mod'), 'module example.com/broken\n\ngo 1.19\n');
  mkdirSync(join(dir, 'pkg'));
  writeFileSync(
    join(dir, 'pkg', 'pkg.go'),
    'package pkg\n\nfunc F() int {\n\treturn undefinedThing\n}\n',
  );

  it('matches a compile error from go build ./... (no ./ before the path) and from inside the package', () => {
    const error = { line: '4', column: '9', message: 'undefined: undefinedThing' };
    expect(goOutput(dir, 'build', './...').split('\n').map(match).filter(Boolean)).toEqual([
      { file: 'pkg/pkg.go', ...error },
    ]);
    expect(goOutput(join(dir, 'pkg'), 'build', '.').split('\n').map(match).filter(Boolean)).toEqual(
      [{ file: './pkg.go', ...error }],
    );
  });

  it('matches a failing test (file:line, no column)', () => {
    writeFileSync(
      join(dir, 'pkg', 'pkg_test.go'),
      'package pkg\n\nimport "testing"\n\nfunc TestF(t *testing.T) {\n\tt.Errorf("want %d", 1)\n}\n',
    );
    writeFileSync(join(dir, 'pkg', 'pkg.go'), 'package pkg\n');
    const hits = goOutput(dir, 'test', './...').split('\n').map(match).filter(Boolean);
    expect(hits).toEqual([
      { file: 'pkg_test.go', line: '6', column: undefined, message: 'want 1' },
    ]);
  });

  it('matches a vet finding', () => {
    writeFileSync(
      join(dir, 'pkg', 'pkg.go'),
      'package pkg\n\nimport "fmt"\n\nfunc F() string {\n\treturn fmt.Sprintf("%d", "x")\n}\n',
    );
    const out = goOutput(dir, 'vet', './...');
    const hits = out.split('\n').map(match).filter(Boolean);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ file: 'pkg/pkg.go', line: '6', column: '9' });
    expect(hits[0]!.message).toMatch(/Sprintf format %d has arg "x" of wrong type string/);
  });

  it('matches Windows paths and leaves other lines alone', () => {
    expect(match('.\\cmd\\main.go:12:3: missing return')).toEqual({
      file: '.\\cmd\\main.go',
      line: '12',
      column: '3',
      message: 'missing return',
    });
    expect(match('C:\\src\\main.go:1:2: x')).toMatchObject({ file: 'C:\\src\\main.go', line: '1' });
    expect(match('vet: ./main.go:3:1: unreachable code')).toMatchObject({
      file: './main.go',
      message: 'unreachable code',
    });
    expect(match('2024/01/01 12:00:00 main.go:42: a log line')).toBeNull();
    expect(match('# example.com/broken/pkg')).toBeNull();
    expect(match('ok  \texample.com/x\t0.01s')).toBeNull();
  });

  it('is one matcher owned by go, with the groups the runner reads', () => {
    expect(GO_MATCHER.problemMatcher).toEqual([
      {
        owner: 'go',
        pattern: [{ regexp: GO_MATCHER_REGEXP, file: 1, line: 2, column: 3, message: 4 }],
      },
    ]);
  });
});
