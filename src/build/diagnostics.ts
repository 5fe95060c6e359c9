/**
 * Compiler errors out of `go build` output, as annotations on the user's files. Go prints paths
 * relative to the folder it ran in; annotations want them relative to the repository root.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';

export interface Diagnostic {
  /** Relative to the workspace, `/`-separated; absent when the file is outside it. */
  file?: string;
  line?: number;
  column?: number;
  message: string;
}

const LOCATED = /^(.+?\.(?:go|s|c|h|syso|mod)):(\d+)(?::(\d+))?: (.+)$/;

/**
 * `cwd` is where go ran, `workspace` the repository root. Headers (`# pkg`) are dropped; tab-indented
 * lines continue the previous message; `go: …` and other lines become file-less diagnostics.
 */
export function parseGoBuildOutput(output: string, cwd: string, workspace: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line === '' || line.startsWith('# ')) continue;
    if (/^\s/.test(raw) && out.length > 0) {
      out[out.length - 1]!.message += `\n${line.trim()}`;
      continue;
    }
    const m = LOCATED.exec(line);
    if (m) {
      const d: Diagnostic = { line: Number(m[2]), message: m[4]! };
      if (m[3]) d.column = Number(m[3]);
      const abs = isAbsolute(m[1]!) ? m[1]! : resolve(cwd, m[1]!);
      const rel = relative(workspace, abs);
      if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel))
        d.file = rel.split(sep).join('/');
      else d.message = `${m[1]}:${m[2]}: ${d.message}`;
      out.push(d);
    } else {
      out.push({ message: line });
    }
  }
  return out;
}

/**
 * One annotation per distinct diagnostic, naming every target that hit it: a syntax error in a
 * shared file is one annotation saying "linux/amd64, windows/amd64", not one per target.
 */
export function groupDiagnostics(
  perTarget: readonly { target: string; diagnostics: readonly Diagnostic[] }[],
): { diagnostic: Diagnostic; targets: string[] }[] {
  const groups = new Map<string, { diagnostic: Diagnostic; targets: string[] }>();
  for (const { target, diagnostics } of perTarget)
    for (const d of diagnostics) {
      const key = JSON.stringify([d.file, d.line, d.column, d.message]);
      const g = groups.get(key);
      if (g) {
        if (!g.targets.includes(target)) g.targets.push(target);
      } else groups.set(key, { diagnostic: d, targets: [target] });
    }
  return [...groups.values()];
}
