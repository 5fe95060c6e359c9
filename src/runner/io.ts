/**
 * The one way the core talks to the Actions runner: log lines, groups, annotations, masks, outputs,
 * state for the post step and the job summary. Every module that reports receives a RunnerIO;
 * actions pass `coreIO` (backed by @actions/core, so tools that stand in for the runner, such as
 * @github/local-action, see everything), unit tests pass a `RecordingIO` and assert on what it kept.
 */
import { randomBytes } from 'node:crypto';

export interface AnnotationProps {
  title?: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface RunnerIO {
  info(message: string): void;
  debug(message: string): void;
  warning(message: string, props?: AnnotationProps): void;
  error(message: string, props?: AnnotationProps): void;
  /**
   * A finished block of text as one collapsed group, written in one piece so that parallel work
   * (targets, hosts) does not interleave. Lines in it never act as workflow commands.
   */
  logGroup(title: string, text: string): void;
  /** Runs `body` inside a collapsed group: what it logs appears under `title`. */
  group<T>(title: string, body: () => Promise<T>): Promise<T>;
  /** Registers a secret: the runner replaces it with *** wherever it would be printed. */
  mask(secret: string): void;
  output(name: string, value: string): void;
  /** Sets an environment variable for this process and every later step of the job. */
  exportVariable(name: string, value: string): void;
  /** Prepends a folder to PATH for this process and every later step of the job. */
  addPath(dir: string): void;
  /** Registers a problem matcher (the path of its JSON file). */
  addMatcher(file: string): void;
  saveState(name: string, value: string): void;
  getState(name: string): string;
  /** Appends Markdown to the job summary (nothing when the runner gave no summary file). */
  summary(markdown: string): Promise<void>;
}

/** Prints `text` so that no line of it can be read as a workflow command (`::stop-commands::`). */
export function quotedLines(text: string, print: (line: string) => void): void {
  if (text === '') return;
  const token = randomBytes(16).toString('hex');
  print(`::stop-commands::${token}`);
  print(text.replace(/\n$/, ''));
  print(`::${token}::`);
}

/** A RunnerIO that keeps everything in memory, for unit tests. */
export class RecordingIO implements RunnerIO {
  readonly lines: string[] = [];
  readonly warnings: { message: string; props?: AnnotationProps }[] = [];
  readonly errors: { message: string; props?: AnnotationProps }[] = [];
  readonly groups: { title: string; text: string }[] = [];
  readonly masked: string[] = [];
  readonly outputs: Record<string, string> = {};
  readonly state: Record<string, string> = {};
  readonly env: Record<string, string> = {};
  readonly paths: string[] = [];
  readonly matchers: string[] = [];
  readonly summaries: string[] = [];

  info(message: string): void {
    this.lines.push(message);
  }
  debug(message: string): void {
    this.lines.push(`::debug::${message}`);
  }
  warning(message: string, props?: AnnotationProps): void {
    this.warnings.push({ message, props });
  }
  error(message: string, props?: AnnotationProps): void {
    this.errors.push({ message, props });
  }
  logGroup(title: string, text: string): void {
    this.groups.push({ title, text });
  }
  async group<T>(title: string, body: () => Promise<T>): Promise<T> {
    this.lines.push(`::group::${title}`);
    try {
      return await body();
    } finally {
      this.lines.push('::endgroup::');
    }
  }
  mask(secret: string): void {
    this.masked.push(secret);
  }
  output(name: string, value: string): void {
    this.outputs[name] = value;
  }
  exportVariable(name: string, value: string): void {
    this.env[name] = value;
  }
  addPath(dir: string): void {
    this.paths.push(dir);
  }
  addMatcher(file: string): void {
    this.matchers.push(file);
  }
  saveState(name: string, value: string): void {
    this.state[name] = value;
  }
  getState(name: string): string {
    return this.state[name] ?? '';
  }
  async summary(markdown: string): Promise<void> {
    this.summaries.push(markdown);
  }
  /** Everything logged, warned and summarised, as one text, for "never printed" assertions. */
  allText(): string {
    return [
      ...this.lines,
      ...this.warnings.map((w) => w.message),
      ...this.errors.map((e) => e.message),
      ...this.groups.flatMap((g) => [g.title, g.text]),
      ...Object.values(this.outputs),
      ...this.summaries,
    ].join('\n');
  }
}
