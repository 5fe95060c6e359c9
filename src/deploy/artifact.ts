/**
 * Which release file to deploy and its expected sha256: from the build manifest (and SHA256SUMS)
 * that actions/build produced, found in a local folder or in workflow artifacts downloaded through
 * the artifact store. The sha256 comes from the build, never from the file itself; the file is
 * hashed here before anything reaches a host (and the engine checks it again on the host).
 * Every name in the manifest, SHA256SUMS and the zip is checked as a plain file name when it is
 * read, and a file taken out of a zip is written only inside the work folder's `extracted`.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { InputError, UserError } from '../runner/errors.js';
import type { ArtifactStore, DownloadRequest } from '../artifacts/store.js';
import { parseManifest, type Manifest, type ManifestTarget } from '../build/manifest.js';
import { parseSha256Sums } from '../build/checksums.js';
import { hashFile } from '../runner/sha256.js';
import { extractEntry } from './zip.js';
import { fileNameProblem, programNameProblem, quoted } from './names.js';

export const MANIFEST_FILE = 'manifest.json';
export const CHECKSUMS_FILE = 'SHA256SUMS';

export interface ResolvedRelease {
  version: string;
  /** The program name without `.exe` (the live file is `<binaryName>.exe`). */
  binaryName: string;
  /** The binary on this machine, verified against `sha256`. */
  localFile: string;
  sha256: string;
  /** `windows/amd64` when the manifest says. */
  target?: string;
  /** Where it came from, for the log: `manifest.json in …`, `artifact x`. */
  source: string;
}

/** What a release folder offers: parsed manifest and checksums, and the file names present. */
export interface ReleaseFolder {
  dir: string;
  manifest?: Manifest;
  sums?: { file: string; sha256: string }[];
  files: string[];
}

/** The pure choice of file: where to find it, what it must hash to. */
export interface ReleaseChoice {
  version: string;
  binaryName: string;
  target?: string;
  /** The binary's expected sha256. */
  sha256: string;
  /** A plain file in the folder ... */
  file?: string;
  /** ... or an entry of a zip archive in the folder, itself with an expected sha256. */
  archive?: { file: string; sha256: string; entry: string };
}

const TARGET = /^[a-z0-9]+\/[a-z0-9]+$/;

/**
 * Chooses the release binary. `binary`: '' (the windows/amd64 target), a target such as
 * `windows/arm64`, or a file name from the manifest or SHA256SUMS.
 */
export function chooseRelease(
  folder: ReleaseFolder,
  binary: string,
  version?: string,
): ReleaseChoice {
  const { manifest, sums } = folder;
  if (manifest) {
    // `<name>.exe` becomes a path on the runner and on each host: checked before any use.
    checkProgramName(manifest.name, `${MANIFEST_FILE} in ${folder.dir}`);
    let t: ManifestTarget | undefined;
    if (binary === '' || TARGET.test(binary)) {
      const want = binary || 'windows/amd64';
      t = manifest.targets.find((x) => x.target === want);
      if (!t)
        throw new InputError(
          'binary',
          `the build has no ${want} target (it has ${manifest.targets.map((x) => x.target).join(', ') || 'none'})`,
        );
    } else {
      t = manifest.targets.find((x) => x.file === binary || x.archive?.file === binary);
      if (!t)
        throw new InputError(
          'binary',
          `'${binary}' is not a file of the build (files: ${manifest.targets.map((x) => x.file).join(', ')})`,
        );
    }
    if (t.goos !== 'windows')
      throw new InputError(
        'binary',
        `${t.file} is a ${t.target} binary; deploy-windows needs a windows target`,
      );
    if (version && version !== manifest.version)
      throw new InputError(
        'version',
        `'${version}' is not the version of the build (${manifest.version}); leave it empty to use the build's`,
      );
    for (const s of sums ?? []) {
      const expected =
        s.file === t.file ? t.sha256 : s.file === t.archive?.file ? t.archive.sha256 : undefined;
      if (expected && expected !== s.sha256)
        throw new UserError(
          `${MANIFEST_FILE} and ${CHECKSUMS_FILE} in ${folder.dir} disagree about ${s.file}: they are from different builds`,
        );
    }
    const base: ReleaseChoice = {
      version: manifest.version,
      binaryName: manifest.name,
      target: t.target,
      sha256: t.sha256,
    };
    if (folder.files.includes(t.file)) return { ...base, file: t.file };
    if (t.archive && /\.zip$/i.test(t.archive.file) && folder.files.includes(t.archive.file))
      return {
        ...base,
        archive: { file: t.archive.file, sha256: t.archive.sha256, entry: `${manifest.name}.exe` },
      };
    throw new UserError(
      `Neither ${t.file}${t.archive ? ` nor ${t.archive.file}` : ''} is in ${folder.dir}: add the binary's artifact to 'artifact' (one name a line) next to the manifest's`,
    );
  }
  if (sums) {
    const candidates = sums.filter((s) => /\.exe$/i.test(s.file));
    const entry = binary
      ? sums.find((s) => s.file === binary)
      : candidates.length === 1
        ? candidates[0]
        : undefined;
    if (!entry)
      throw new InputError(
        'binary',
        binary
          ? `'${binary}' is not listed in ${CHECKSUMS_FILE}`
          : `${CHECKSUMS_FILE} lists ${candidates.length} .exe files: name one in 'binary'`,
      );
    if (!/\.exe$/i.test(entry.file))
      throw new InputError('binary', `'${entry.file}' is not a Windows program (.exe)`);
    if (!version)
      throw new InputError(
        'version',
        `is required when the release has no ${MANIFEST_FILE} (only ${CHECKSUMS_FILE})`,
      );
    if (!folder.files.includes(entry.file))
      throw new UserError(
        `${entry.file} is listed in ${CHECKSUMS_FILE} but is not in ${folder.dir}`,
      );
    const stem = entry.file.replace(/\.exe$/i, '');
    const binaryName =
      stem.replace(new RegExp(`_${escapeRe(version)}_windows_[a-z0-9]+$`), '') || stem;
    return { version, binaryName, sha256: entry.sha256, file: entry.file };
  }
  throw new UserError(
    `${folder.dir} has no ${MANIFEST_FILE} or ${CHECKSUMS_FILE}: deploy the output of actions/build, whose checksums say what the binary must hash to`,
  );
}

function checkProgramName(name: string, where: string): void {
  const problem = programNameProblem(name);
  if (problem)
    throw new UserError(
      `${where}: 'name' ${quoted(name)} is not a valid program name (${problem}); the manifest is not one actions/build wrote`,
    );
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function readFolder(dir: string): Promise<ReleaseFolder> {
  const files = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isFile())
    .map((d) => d.name);
  const folder: ReleaseFolder = { dir, files };
  if (files.includes(MANIFEST_FILE)) {
    const where = join(dir, MANIFEST_FILE);
    try {
      folder.manifest = parseManifest(await readFile(where, 'utf8'), where);
    } catch (e) {
      throw new UserError((e as Error).message);
    }
    checkProgramName(folder.manifest.name, `${MANIFEST_FILE} in ${dir}`);
  }
  if (files.includes(CHECKSUMS_FILE)) {
    try {
      folder.sums = parseSha256Sums(await readFile(join(dir, CHECKSUMS_FILE), 'utf8'));
    } catch (e) {
      throw new UserError(`${join(dir, CHECKSUMS_FILE)}: ${(e as Error).message}`);
    }
    for (const { file } of folder.sums) {
      const problem = fileNameProblem(file);
      if (problem)
        throw new UserError(
          `${join(dir, CHECKSUMS_FILE)}: ${quoted(file)} is not a plain file name (${problem})`,
        );
    }
  }
  return folder;
}

export interface ResolveOptions {
  /** The `artifact` input: artifact names (one a line) or one local file or folder. */
  artifact: string[];
  binary: string;
  version?: string;
  workspace: string;
  /** A private folder for downloads and extracted files. */
  workDir: string;
  /** Loaded only when an artifact has to be downloaded. */
  store: () => ArtifactStore;
  from?: DownloadRequest['from'];
  log?: (msg: string) => void;
}

/** Finds the release locally or downloads it, then checks the binary's sha256 here. */
export async function resolveRelease(opts: ResolveOptions): Promise<ResolvedRelease> {
  if (opts.artifact.length === 0) throw new InputError('artifact', 'is required and was empty');
  let folder: ReleaseFolder;
  let binary = opts.binary;
  let source: string;
  const local =
    opts.artifact.length === 1 ? localPath(opts.artifact[0]!, opts.workspace) : undefined;
  if (local) {
    const dir = statSync(local).isDirectory() ? local : dirname(local);
    const name = basename(local);
    if (dir !== local && !binary && name !== MANIFEST_FILE && name !== CHECKSUMS_FILE)
      binary = name;
    folder = await readFolder(dir);
    source = local;
  } else {
    const dir = join(opts.workDir, 'artifacts');
    await mkdir(dir, { recursive: true });
    for (const name of opts.artifact) {
      if (looksLikePath(name))
        throw new InputError(
          'artifact',
          `'${name}' does not exist (a local path must exist; an artifact name has no / or \\)`,
        );
      opts.log?.(`Downloading artifact '${name}'`);
      await opts.store().download({ name, path: dir, ...(opts.from ? { from: opts.from } : {}) });
    }
    folder = await readFolder(dir);
    source = `artifact ${opts.artifact.map((a) => `'${a}'`).join(', ')}`;
  }
  const choice = chooseRelease(folder, binary, opts.version || undefined);
  let localFile: string;
  if (choice.file) {
    localFile = join(folder.dir, choice.file);
  } else {
    const a = choice.archive!;
    const zipPath = join(folder.dir, a.file);
    const zip = await readFile(zipPath);
    const zipSha = createHash('sha256').update(zip).digest('hex');
    if (zipSha !== a.sha256)
      throw new UserError(
        `${zipPath} has sha256 ${zipSha}, the build recorded ${a.sha256}: the download is corrupt`,
      );
    const data = extractEntry(zip, a.entry, zipPath);
    if (!data) throw new UserError(`${zipPath} has no ${a.entry}`);
    localFile = await writeExtracted(join(opts.workDir, 'extracted'), a.entry, data);
    source += ` (${a.entry} from ${a.file})`;
  }
  const { sha256 } = await hashFile(localFile);
  if (sha256 !== choice.sha256)
    throw new UserError(
      `${localFile} has sha256 ${sha256}, but the build recorded ${choice.sha256}: the file is corrupt or from another build`,
    );
  return {
    version: choice.version,
    binaryName: choice.binaryName,
    localFile,
    sha256,
    ...(choice.target ? { target: choice.target } : {}),
    source,
  };
}

/**
 * Writes one extracted file directly inside `dir`, refusing any name that is not a plain file
 * name; `wx` also refuses to follow a link or overwrite a file already there.
 */
async function writeExtracted(dir: string, name: string, data: Buffer): Promise<string> {
  const problem = fileNameProblem(name);
  const path = resolve(dir, name);
  if (problem || dirname(path) !== resolve(dir))
    throw new UserError(
      `Refusing to extract ${quoted(name)}: ${problem ?? 'not a plain file name'}`,
    );
  await mkdir(dir, { recursive: true });
  await writeFile(path, data, { flag: 'wx' });
  return path;
}

function looksLikePath(s: string): boolean {
  return /[\\/]/.test(s) || s.startsWith('.');
}

function localPath(entry: string, workspace: string): string | undefined {
  const p = isAbsolute(entry) ? entry : resolve(workspace, entry);
  return existsSync(p) ? p : undefined;
}
