/**
 * The Go version a repository pins in a file: go.mod and go.work (`toolchain go1.22.3` wins over
 * `go 1.22`, as the go command itself decides), `.go-version` (the version alone) and asdf/mise's
 * `.tool-versions` (`golang 1.22.3` or `go 1.22.3`). Any other file name is read like .go-version.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { UserError, errorMessage } from '../runner/errors.js';

export interface FileVersion {
  /** The version text as written (`1.22`, `1.22.3`, `1.23rc1`). */
  version: string;
  /** 1-based line it came from, for annotations. */
  line: number;
  /** Which directive or entry gave it: `toolchain`, `go`, `golang`, or `version`. */
  from: string;
}

const COMMENT = /\s*\/\/.*$/;

function lines(contents: string): string[] {
  return contents.replace(/^\uFEFF/, '').split(/\r?\n/);
}

/** Reads the version out of a go.mod or go.work file's text; undefined when it names none. */
export function parseGoModVersion(contents: string): FileVersion | undefined {
  let go: FileVersion | undefined;
  let toolchain: FileVersion | undefined;
  for (const [i, raw] of lines(contents).entries()) {
    const line = raw.replace(COMMENT, '').trim();
    const t = /^toolchain\s+(\S+)$/.exec(line);
    // `toolchain go1.21.3-custom` is a custom build of go1.21.3; `toolchain default` names none.
    if (t && t[1] !== 'default') {
      const v = /^go(\d[^-+\s]*)/.exec(t[1]!);
      if (v) toolchain = { version: v[1]!, line: i + 1, from: 'toolchain' };
      continue;
    }
    const g = /^go\s+(\S+)$/.exec(line);
    if (g) go = { version: g[1]!, line: i + 1, from: 'go' };
  }
  return toolchain ?? go;
}

/** `.tool-versions`: the first `golang` (asdf) or `go` (mise) entry; several versions: the first. */
export function parseToolVersions(contents: string): FileVersion | undefined {
  for (const [i, raw] of lines(contents).entries()) {
    const line = raw.replace(/#.*$/, '').trim();
    const m = /^(golang|go)\s+(\S+)/.exec(line);
    if (m) return { version: m[2]!, line: i + 1, from: m[1]! };
  }
  return undefined;
}

/** `.go-version` and other plain files: the first line that is not blank or a `#` comment. */
export function parsePlainVersion(contents: string): FileVersion | undefined {
  for (const [i, raw] of lines(contents).entries()) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line !== '') return { version: line, line: i + 1, from: 'version' };
  }
  return undefined;
}

/** Picks the parser by the file's name. */
export function parseVersionFile(fileName: string, contents: string): FileVersion | undefined {
  const name = basename(fileName);
  if (name === 'go.mod' || name === 'go.work') return parseGoModVersion(contents);
  if (name === '.tool-versions') return parseToolVersions(contents);
  return parsePlainVersion(contents);
}

function expected(fileName: string): string {
  const name = basename(fileName);
  if (name === 'go.mod' || name === 'go.work') return "a 'go 1.x' or 'toolchain go1.x.y' line";
  if (name === '.tool-versions') return "a 'golang 1.x.y' line";
  return 'a Go version such as 1.22.5';
}

/**
 * Reads a version file. `shownAs` is the path as the user wrote it (relative to the workspace),
 * used in messages and as the annotation's file.
 */
export function readVersionFile(path: string, shownAs: string): FileVersion {
  let contents: string;
  try {
    if (statSync(path).isDirectory())
      throw new UserError(
        `go-version-file '${shownAs}' is a directory: name a go.mod, go.work, .go-version or .tool-versions file`,
      );
    contents = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${errorMessage(err)})`;
    throw new UserError(
      `go-version-file '${shownAs}' ${why}: check the path (it is relative to the workspace)`,
    );
  }
  const found = parseVersionFile(path, contents);
  if (!found)
    throw new UserError(`${shownAs} has no Go version: expected ${expected(path)}`, shownAs);
  return found;
}
