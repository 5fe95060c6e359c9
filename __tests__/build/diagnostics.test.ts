import { describe, expect, it } from 'vitest';
import { groupDiagnostics, parseGoBuildOutput } from '../../src/build/diagnostics.js';

// Lines in the shapes go 1.19 prints (the failing-target action test checks real compiler output).
const OUTPUT = `# example.com/svc/sub
sub/bad_windows.go:3:17: syntax error: unexpected }, expecting expression
./main.go:7:2: undefined: nope
	have (int)
	want (string)
/root/go/pkg/mod/example.com/dep@v1.0.0/dep.go:4:1: missing return
go: some module problem
`;

describe('parseGoBuildOutput', () => {
  it('turns compiler lines into workspace-relative annotations', () => {
    const d = parseGoBuildOutput(OUTPUT, '/repo/svc', '/repo');
    expect(d[0]).toEqual({
      file: 'svc/sub/bad_windows.go',
      line: 3,
      column: 17,
      message: 'syntax error: unexpected }, expecting expression',
    });
    expect(d[1]).toEqual({
      file: 'svc/main.go',
      line: 7,
      column: 2,
      message: 'undefined: nope\nhave (int)\nwant (string)',
    });
  });

  it('keeps a file outside the workspace in the message instead of the annotation', () => {
    const d = parseGoBuildOutput(OUTPUT, '/repo/svc', '/repo');
    expect(d[2]).toEqual({
      line: 4,
      column: 1,
      message: '/root/go/pkg/mod/example.com/dep@v1.0.0/dep.go:4: missing return',
    });
    expect(d[3]).toEqual({ message: 'go: some module problem' });
    expect(d).toHaveLength(4);
  });

  it('reads a line without a column', () => {
    expect(parseGoBuildOutput('x.go:12: oops\n', '/r', '/r')).toEqual([
      { file: 'x.go', line: 12, message: 'oops' },
    ]);
  });
});

describe('groupDiagnostics', () => {
  it('makes one annotation per distinct error, naming every target that hit it', () => {
    const shared = { file: 'a.go', line: 1, message: 'boom' };
    const groups = groupDiagnostics([
      { target: 'linux/amd64', diagnostics: [shared] },
      {
        target: 'windows/amd64',
        diagnostics: [{ ...shared }, { file: 'b_windows.go', line: 2, message: 'other' }],
      },
    ]);
    expect(groups).toEqual([
      { diagnostic: shared, targets: ['linux/amd64', 'windows/amd64'] },
      {
        diagnostic: { file: 'b_windows.go', line: 2, message: 'other' },
        targets: ['windows/amd64'],
      },
    ]);
  });
});
