/**
 * SHA-256 of files and streams, read a chunk at a time: memory stays flat whatever the size, so a
 * build's binaries, a release checked before a deploy and an upload read back from a host are all
 * hashed the same way.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Streams the file through SHA-256: memory stays flat whatever the binary's size. */
export async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  let size = 0;
  const sha256 = await sha256OfStream(createReadStream(path, { highWaterMark: 1 << 20 }), (n) => {
    size += n;
  });
  return { sha256, size };
}

/** SHA-256 (hex) of everything a stream yields; `onChunk` is told each chunk's length. */
export async function sha256OfStream(
  stream: AsyncIterable<unknown>,
  onChunk?: (bytes: number) => void,
): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    onChunk?.((chunk as Buffer).length);
  }
  return hash.digest('hex');
}
