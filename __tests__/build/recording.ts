/**
 * Test doubles for the two edges of the build pipeline that cannot be real here: a RecordingIO
 * that records what would reach the runner, and an ArtifactStore that records every request exactly
 * and keeps the uploaded files in a folder per artifact, the way actions/download-artifact lays
 * them out, so a merge step can read them back.
 */
import { cpSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ArtifactStore, UploadRequest } from '../../src/artifacts/store.js';
import { RecordingIO } from '../../src/runner/io.js';

export function recordingReporter(): RecordingIO {
  return new RecordingIO();
}

export function recordingStore(serviceDir?: string): ArtifactStore & { uploads: UploadRequest[] } {
  const uploads: UploadRequest[] = [];
  return {
    uploads,
    async upload(req) {
      uploads.push(structuredClone(req));
      if (serviceDir) {
        if (uploads.filter((u) => u.name === req.name).length > 1)
          throw new Error(`artifact ${req.name} already exists`);
        for (const f of req.files) {
          const dest = join(serviceDir, req.name, relative(req.rootDirectory, f));
          mkdirSync(join(dest, '..'), { recursive: true });
          cpSync(f, dest);
        }
      }
      return { name: req.name, id: uploads.length, size: 1 };
    },
    async download() {
      throw new Error('not used by the build action');
    },
  };
}
