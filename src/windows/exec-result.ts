/**
 * What running one argument vector on a Windows host gave back: the shape every parser in
 * `windows/` reads. Executors (`hosts/`) produce it; it lives here so `windows/` imports nothing
 * above it.
 */

export interface ExecResult {
  exitCode: number;
  /** Decoded console output (parsers rely on ASCII fields: numbers, codes, names). */
  stdout: string;
  stderr: string;
}
