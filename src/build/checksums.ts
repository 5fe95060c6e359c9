/** The `SHA256SUMS` format that `sha256sum -c` reads (the hashing itself is runner/sha256.ts). */

export interface FileDigest {
  /** The file name as listed: a bare name, relative to the folder SHA256SUMS is in. */
  file: string;
  sha256: string;
  size: number;
}

/** `<sha256>  <file>` lines (text mode, as sha256sum writes them), sorted by file name. */
export function formatSha256Sums(digests: readonly Pick<FileDigest, 'file' | 'sha256'>[]): string {
  const sorted = [...digests].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i]!.file === sorted[i - 1]!.file)
      throw new Error(`'${sorted[i]!.file}' is listed twice`);
  return sorted
    .map((d) => {
      if (!/^[0-9a-f]{64}$/.test(d.sha256))
        throw new Error(`'${d.sha256}' is not a SHA-256 digest`);
      if (/[\n\\]/.test(d.file)) throw new Error(`'${d.file}' cannot be listed in SHA256SUMS`);
      return `${d.sha256}  ${d.file}\n`;
    })
    .join('');
}

export function parseSha256Sums(text: string): { file: string; sha256: string }[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((line, i) => {
      const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
      if (!m) throw new Error(`SHA256SUMS line ${i + 1} is not '<sha256>  <file>': ${line}`);
      return { sha256: m[1]!, file: m[2]! };
    });
}
