/**
 * Which names read from a release (manifest, SHA256SUMS, zip directory) may become paths on the
 * runner. They come from another job's output or a downloaded artifact, so they are untrusted: a
 * name is checked when it is read, before anything is joined to a folder or written.
 */

/** Device names Windows reserves in every folder, with or without an extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/**
 * Why `name` is not a plain file name (one path segment that means the same file on Linux, macOS
 * and Windows), or undefined when it is one.
 */
export function fileNameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name === '.' || name === '..') return 'it names a folder (. or ..)';
  if (name.length > 200) return 'it is longer than 200 characters';
  if (/[/\\]/.test(name)) return 'it holds a path separator (/ or \\)';
  if (name.includes(':')) return 'it holds a colon (a drive letter or an NTFS stream)';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'it holds a control character';
  if (/[<>"|?*]/.test(name)) return 'it holds a character Windows does not allow (<>"|?*)';
  if (/[. ]$/.test(name)) return 'it ends with a dot or a space (Windows drops them)';
  if (RESERVED.test(name)) return 'it is a device name Windows reserves';
  return undefined;
}

/**
 * The stricter shape of a program name (`<name>.exe` is written from it): what actions/build
 * accepts for a binary, a letter or digit then letters, digits, `.`, `_`, `+` or `-`.
 */
export function programNameProblem(name: string): string | undefined {
  const p = fileNameProblem(name);
  if (p) return p;
  if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(name))
    return 'only letters, digits and . _ + - are allowed, starting with a letter or digit';
  return undefined;
}

/**
 * Why a zip entry's name is not a relative path confined to the folder it is extracted into, or
 * undefined. Zip names use `/`; a trailing `/` marks a folder entry.
 */
export function archivePathProblem(path: string): string | undefined {
  if (path === '') return 'it is empty';
  if (path.startsWith('/')) return 'it is an absolute path';
  if (/^[A-Za-z]:/.test(path)) return 'it starts with a drive letter';
  if (path.includes('\\')) return 'it holds a backslash (a Windows path separator)';
  const segments = path.endsWith('/') ? path.slice(0, -1).split('/') : path.split('/');
  for (const s of segments) {
    if (s === '..') return 'it climbs out of its folder (..)';
    const p = fileNameProblem(s);
    if (p) return `its part '${s}' is not a plain name: ${p}`;
  }
  return undefined;
}

/** `name` in quotes for a message, control characters shown as \uXXXX escapes. */
export function quoted(name: string): string {
  // eslint-disable-next-line no-control-regex
  const shown = name.replace(/[\u0000-\u001f\u007f]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `'${shown}'`;
}
