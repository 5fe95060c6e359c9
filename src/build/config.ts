/**
 * The build action's inputs as one typed, validated configuration. Pure: it reads an InputSource
 * and resolves paths against the workspace, so every input rule is testable without a runner.
 */
import { isAbsolute, resolve } from 'node:path';
import { InputError } from '../runner/errors.js';
import { Inputs } from '../runner/inputs.js';
import { readSigningConfig } from '../signing/config.js';
import type { SigningConfig } from '../signing/key.js';
import type { ArchiveFormat } from './archive.js';
import { checkEntryName } from './archive.js';
import {
  ARTIFACT_NAME_FIELDS,
  DEFAULT_LDFLAGS,
  LDFLAGS_FIELDS,
  TemplateError,
  parseTemplate,
  type ArtifactNameField,
  type LdflagsField,
  type Template,
} from './template.js';

export type Mode = 'build' | 'plan' | 'merge';

export interface VersionInfoConfig {
  enabled: boolean;
  productName: string;
  companyName: string;
  fileDescription: string;
  copyright: string;
}

export interface BuildConfig {
  mode: Mode;
  /** Absolute. */
  workingDirectory: string;
  /** Absolute: the repository root that annotations are relative to. */
  workspace: string;
  targets: string[];
  exclude: string[];
  package: string;
  /** Undefined: the last element of the module path. */
  binaryName?: string;
  ldflags: Template<LdflagsField>;
  flags: string[];
  tags: string[];
  env: Record<string, string>;
  cgo: boolean;
  /** Undefined: the measured default (see defaultParallel). */
  parallel?: number;
  archive: 'auto' | ArchiveFormat | 'none';
  /** Extra files for every archive, relative to the working directory. */
  archiveFiles: string[];
  /** Absolute. */
  outputDirectory: string;
  upload: boolean;
  /** Delete an artifact of the same name first (a re-run job replaces its artifacts). */
  overwrite: boolean;
  artifactName?: Template<ArtifactNameField>;
  /** Undefined: the repository's default. */
  retentionDays?: number;
  compressionLevel: number;
  /** Absolute; merge mode only. */
  mergeFrom?: string;
  versionInfo: VersionInfoConfig;
  /** Authenticode signing of the Windows binaries; undefined: unsigned. */
  signing?: SigningConfig;
}

/** Flags the action sets itself, so a user value would fight it; each names the input to use. */
const OWNED_FLAGS: Record<string, string> = {
  '-o': "the action names outputs itself (see 'output-directory')",
  '-ldflags': "use the 'ldflags' input",
  '-tags': "use the 'tags' input",
  '-trimpath': 'the action always sets it',
  '-buildvcs': 'the action sets -buildvcs=false for reproducible binaries',
};

const CONTROLLED_ENV: Record<string, string> = {
  GOOS: "use the 'targets' input",
  GOARCH: "use the 'targets' input",
  CGO_ENABLED: "use the 'cgo' input",
};

/** Splits `flags` on whitespace, honouring single and double quotes; no shell is involved. */
export function splitFlags(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let has = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (quote) throw new InputError('flags', `a ${quote} quote is never closed`);
  if (has) out.push(cur);
  return out;
}

function template<F extends string>(
  input: string,
  source: string,
  fields: readonly F[],
): Template<F> {
  try {
    return parseTemplate(source, fields);
  } catch (err) {
    if (err instanceof TemplateError) throw new InputError(input, err.message);
    throw err;
  }
}

function path(base: string, p: string): string {
  return isAbsolute(p) ? p : resolve(base, p);
}

export function readBuildConfig(
  source: Inputs | ((name: string) => string),
  workspace: string,
): BuildConfig {
  const inputs = source instanceof Inputs ? source : new Inputs(source);
  const mode = inputs.oneOf('mode', ['build', 'plan', 'merge'] as const, 'build');
  const workingDirectory = path(workspace, inputs.string('working-directory') || '.');

  const pkg = inputs.string('package') || '.';
  if (pkg.startsWith('-') || /[\s\0]/.test(pkg))
    throw new InputError(
      'package',
      `'${pkg}' is not a package path (for example . or ./cmd/server)`,
    );

  const binaryName = inputs.string('binary-name') || undefined;
  if (
    binaryName !== undefined &&
    (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(binaryName) || /\.exe$/i.test(binaryName))
  )
    throw new InputError(
      'binary-name',
      `'${binaryName}' is not a file name: use letters, digits, '.', '_' and '-' (the .exe is added for Windows)`,
    );

  const ldflags = template('ldflags', inputs.string('ldflags') || DEFAULT_LDFLAGS, LDFLAGS_FIELDS);

  const flags = splitFlags(inputs.string('flags'));
  for (const f of flags) {
    if (!f.startsWith('-'))
      throw new InputError(
        'flags',
        `'${f}' is not a flag: write flags with their values as -name=value`,
      );
    const name = f.replace(/^--?/, '-').replace(/=.*$/, '');
    const owned = OWNED_FLAGS[name];
    if (owned) throw new InputError('flags', `'${f}' is not allowed: ${owned}`);
  }

  const tags = inputs.list('tags');
  for (const t of tags)
    if (!/^[A-Za-z0-9_.]+$/.test(t))
      throw new InputError(
        'tags',
        `'${t}' is not a build tag (letters, digits, '_' and '.'; separate tags with commas)`,
      );

  const env = inputs.keyValues('env');
  for (const k of Object.keys(env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k))
      throw new InputError('env', `'${k}' is not an environment variable name`);
    const why = CONTROLLED_ENV[k.toUpperCase()];
    if (why) throw new InputError('env', `${k} cannot be set here: ${why}`);
  }

  const parallelText = inputs.string('parallel');
  const parallel =
    parallelText === '' ? undefined : inputs.integer('parallel', { min: 1, max: 64 });

  const archive = inputs.oneOf('archive', ['auto', 'tar.gz', 'zip', 'none'] as const, 'auto');
  const archiveFiles = inputs.list('archive-files');
  for (const f of archiveFiles) {
    try {
      checkEntryName(f);
    } catch {
      throw new InputError(
        'archive-files',
        `'${f}' must be a path inside the working directory, without '..'`,
      );
    }
  }
  if (archiveFiles.length > 0 && archive === 'none')
    throw new InputError(
      'archive-files',
      'has no effect with archive: none; remove it or choose an archive format',
    );

  const artifactNameText = inputs.string('artifact-name');
  const artifactName = artifactNameText
    ? template('artifact-name', artifactNameText, ARTIFACT_NAME_FIELDS)
    : undefined;

  // As upload-artifact: empty or 0 is the repository's default; the maximum is the repository's
  // own setting, which only the artifact service knows, so a larger number is passed on to it.
  const retentionText = inputs.string('retention-days');
  const retentionDays =
    retentionText === '' ? undefined : inputs.integer('retention-days', { min: 0 }) || undefined;
  const compressionLevel = inputs.integer('compression-level', { min: 0, max: 9, fallback: 6 });

  const mergeFromText = inputs.string('merge-from');
  if (mode === 'merge' && mergeFromText === '')
    throw new InputError(
      'merge-from',
      "is required with mode: merge (the folder the build jobs' artifacts were downloaded to)",
    );
  if (mode !== 'merge' && mergeFromText !== '')
    throw new InputError('merge-from', `is only used with mode: merge (mode is ${mode})`);

  const signing = readSigningConfig(inputs);
  if (signing && mode !== 'build')
    throw new InputError(
      'windows-signing-certificate',
      `is for the jobs that build (mode: build); mode: ${mode} builds nothing to sign`,
    );
  return {
    mode,
    workingDirectory,
    workspace,
    targets: inputs.list('targets'),
    exclude: inputs.list('exclude'),
    package: pkg,
    binaryName,
    ldflags,
    flags,
    tags,
    env,
    cgo: inputs.boolean('cgo', false),
    parallel,
    archive,
    archiveFiles,
    outputDirectory: path(workingDirectory, inputs.string('output-directory') || 'dist'),
    upload: inputs.boolean('upload', true),
    overwrite: inputs.boolean('overwrite', false),
    artifactName,
    retentionDays,
    compressionLevel,
    mergeFrom: mergeFromText ? path(workingDirectory, mergeFromText) : undefined,
    versionInfo: {
      enabled: inputs.boolean('windows-version-info', true),
      productName: inputs.string('product-name'),
      companyName: inputs.string('company-name'),
      fileDescription: inputs.string('file-description'),
      copyright: inputs.string('copyright'),
    },
    ...(signing ? { signing } : {}),
  };
}
