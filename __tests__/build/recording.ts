/**
 * Test doubles for the two edges of the build pipeline that cannot be real here: a Reporter that
 * records what would reach the runner, and an ArtifactStore that records every request exactly
 * and keeps the uploaded files in a folder per artifact, the way actions/download-artifact lays
 * them out, so a merge step can read them back.
 */
import { cpSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ArtifactStore, UploadRequest } from '../../src/artifacts/store.js';
import type { AnnotationProps, Reporter } from '../../src/build/reporter.js';

export interface Recorded extends Reporter {
  outputs: Record<string, string>;
  summaries: string[];
  lines: string[];
  warnings: string[];
  errors: { message: string; props: AnnotationProps }[];
  groups: { title: string; body: string }[];
}

export function recordingReporter(): Recorded {
  const r: Recorded = {
    outputs: {},
    summaries: [],
    lines: [],
    warnings: [],
    errors: [],
    groups: [],
    info: (line) => void r.lines.push(line),
    warning: (m) => void r.warnings.push(m),
    error: (message, props = {}) => void r.errors.push({ message, props }),
    group: (title, body) => void r.groups.push({ title, body }),
    output: (name, value) => void (r.outputs[name] = value),
    summary: async (md) => void r.summaries.push(md),
  };
  return r;
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
