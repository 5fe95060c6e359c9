/**
 * The runner's workflow commands (`::name props::message` on stdout) and file commands
 * (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH, GITHUB_STATE), written exactly as @actions/core writes
 * them but with nothing to load: @actions/core pulls in an HTTP client (~40 ms of start-up), which
 * an action whose fast path is "found it, print it" cannot afford. Same formats, so the runner and
 * the test harness read both alike.
 */
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import { delimiter as pathListSeparator } from 'node:path';

export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function issueCommand(
  name: string,
  props: Record<string, string | number | undefined>,
  message: string,
) {
  const list = Object.entries(props)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
  process.stdout.write(
    `::${name}${list.length ? ` ${list.join(',')}` : ''}::${escapeData(message)}${EOL}`,
  );
}

/** Appends to a file command; false when the runner gave no such file (very old runners). */
function fileCommand(kind: 'OUTPUT' | 'ENV' | 'PATH' | 'STATE', text: string): boolean {
  const file = process.env[`GITHUB_${kind}`];
  if (!file) return false;
  appendFileSync(file, `${text}${EOL}`, 'utf8');
  return true;
}

/**
 * A UUID-shaped delimiter like @actions/core's. Not from node:crypto (loading it costs more than
 * the rest of a tool-cache hit): unpredictability is not what keeps it safe, the check below is.
 */
function fileCommandDelimiter(): string {
  const hex = (n: number) =>
    Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return `ghadelimiter_${hex(8)}-${hex(4)}-4${hex(3)}-${hex(4)}-${hex(12)}`;
}

function keyValue(key: string, value: string): string {
  const delim = fileCommandDelimiter();
  if (key.includes(delim) || value.includes(delim))
    throw new Error(`unexpected input: '${key}' or its value contains the delimiter ${delim}`);
  return `${key}<<${delim}${EOL}${value}${EOL}${delim}`;
}

export function info(message: string): void {
  process.stdout.write(`${message}${EOL}`);
}

export function isDebug(): boolean {
  return process.env.RUNNER_DEBUG === '1';
}

export function debug(message: string): void {
  issueCommand('debug', {}, message);
}

function annotation(
  level: 'error' | 'warning' | 'notice',
  message: string,
  p: AnnotationProperties = {},
) {
  issueCommand(
    level,
    {
      title: p.title,
      file: p.file,
      line: p.startLine,
      endLine: p.endLine,
      col: p.startColumn,
      endColumn: p.endColumn,
    },
    message,
  );
}

export const error = (message: string, props?: AnnotationProperties) =>
  annotation('error', message, props);
export const warning = (message: string, props?: AnnotationProperties) =>
  annotation('warning', message, props);
export const notice = (message: string, props?: AnnotationProperties) =>
  annotation('notice', message, props);

export function startGroup(name: string): void {
  issueCommand('group', {}, name);
}

export function endGroup(): void {
  issueCommand('endgroup', {}, '');
}

export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret);
}

/** Registers a problem matcher; the runner needs the path of a JSON file. */
export function addMatcher(file: string): void {
  issueCommand('add-matcher', {}, file);
}

export function setOutput(name: string, value: string): void {
  if (!fileCommand('OUTPUT', keyValue(name, value))) {
    process.stdout.write(EOL);
    issueCommand('set-output', { name }, value);
  }
}

/** Sets a variable for this step and every later one. */
export function exportVariable(name: string, value: string): void {
  process.env[name] = value;
  if (!fileCommand('ENV', keyValue(name, value))) issueCommand('set-env', { name }, value);
}

/** Prepends a folder to PATH for this step and every later one. */
export function addPath(dir: string): void {
  if (!fileCommand('PATH', dir)) issueCommand('add-path', {}, dir);
  process.env.PATH = `${dir}${pathListSeparator}${process.env.PATH ?? ''}`;
}

/** State for this action's `post:` step, which reads it back with getState. */
export function saveState(name: string, value: string): void {
  if (!fileCommand('STATE', keyValue(name, value))) issueCommand('save-state', { name }, value);
}

export function getState(name: string): string {
  return process.env[`STATE_${name}`] ?? '';
}

/** An input as the runner passes it: INPUT_<NAME>, upper-cased, spaces to underscores, trimmed. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
