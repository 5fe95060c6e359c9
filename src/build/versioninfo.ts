/**
 * The Windows VERSIONINFO resource (what Explorer's Details tab and `(Get-Item x.exe).VersionInfo`
 * show), encoded as the VS_VERSIONINFO tree of the Win32 documentation. Pure bytes; coff.ts wraps
 * them in the object file `go build` links.
 */

export interface VersionInfo {
  /** major, minor, patch, build: each 0..65535. */
  fileVersion: readonly [number, number, number, number];
  productVersion: readonly [number, number, number, number];
  prerelease: boolean;
  /** StringFileInfo values in the order given; empty values are left out. */
  strings: Readonly<Record<string, string>>;
}

/** U.S. English with the Unicode code page: the pair Explorer looks up first. */
export const LANG_EN_US = 0x0409;
export const CODEPAGE_UNICODE = 1200;

const VS_FFI_SIGNATURE = 0xfeef04bd;
const VS_FFI_STRUCVERSION = 0x00010000;
const VS_FFI_FILEFLAGSMASK = 0x3f;
const VS_FF_PRERELEASE = 0x2;
const VOS_NT_WINDOWS32 = 0x00040004;
const VFT_APP = 0x1;

const utf16z = (s: string) => Buffer.from(s + '\0', 'utf16le');
const pad4 = (n: number) => (4 - (n % 4)) % 4;

/**
 * One node of the tree: wLength, wValueLength, wType, the key, padding to 32 bits, the value,
 * then each child on a 32-bit boundary. wLength leaves out the padding after the node itself.
 */
function node(
  key: string,
  value: Buffer | undefined,
  valueLength: number,
  text: boolean,
  children: Buffer[],
): Buffer {
  const head = Buffer.alloc(6);
  const keyBytes = utf16z(key);
  const chunks: Buffer[] = [head, keyBytes];
  let size = 6 + keyBytes.length;
  const align = () => {
    const p = pad4(size);
    if (p) {
      chunks.push(Buffer.alloc(p));
      size += p;
    }
  };
  if (value) {
    align();
    chunks.push(value);
    size += value.length;
  }
  for (const child of children) {
    align();
    chunks.push(child);
    size += child.length;
  }
  if (size > 0xffff)
    throw new Error('VERSIONINFO resource is larger than 64 KiB: shorten the strings');
  head.writeUInt16LE(size, 0);
  head.writeUInt16LE(valueLength, 2);
  head.writeUInt16LE(text ? 1 : 0, 4);
  return Buffer.concat(chunks);
}

function fixedFileInfo(info: VersionInfo): Buffer {
  const b = Buffer.alloc(52);
  const [fa, fb, fc, fd] = info.fileVersion;
  const [pa, pb, pc, pd] = info.productVersion;
  for (const n of [...info.fileVersion, ...info.productVersion])
    if (!Number.isInteger(n) || n < 0 || n > 0xffff)
      throw new Error(`version part ${n} is not 0..65535`);
  const words = [
    VS_FFI_SIGNATURE,
    VS_FFI_STRUCVERSION,
    ((fa << 16) | fb) >>> 0,
    ((fc << 16) | fd) >>> 0,
    ((pa << 16) | pb) >>> 0,
    ((pc << 16) | pd) >>> 0,
    VS_FFI_FILEFLAGSMASK,
    info.prerelease ? VS_FF_PRERELEASE : 0,
    VOS_NT_WINDOWS32,
    VFT_APP,
    0,
    0,
    0,
  ];
  words.forEach((w, i) => b.writeUInt32LE(w, i * 4));
  return b;
}

/** The RT_VERSION resource data. */
export function encodeVersionInfo(info: VersionInfo): Buffer {
  const strings = Object.entries(info.strings)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => {
      if (/\0/.test(k + v)) throw new Error(`VERSIONINFO string ${k} contains a NUL character`);
      return node(k, utf16z(v), v.length + 1, true, []);
    });
  const tableKey =
    LANG_EN_US.toString(16).padStart(4, '0').toUpperCase() +
    CODEPAGE_UNICODE.toString(16).padStart(4, '0').toUpperCase();
  const stringFileInfo = node('StringFileInfo', undefined, 0, true, [
    node(tableKey, undefined, 0, true, strings),
  ]);
  const translation = Buffer.alloc(4);
  translation.writeUInt16LE(LANG_EN_US, 0);
  translation.writeUInt16LE(CODEPAGE_UNICODE, 2);
  const varFileInfo = node('VarFileInfo', undefined, 0, true, [
    node('Translation', translation, 4, false, []),
  ]);
  return node('VS_VERSION_INFO', fixedFileInfo(info), 52, false, [stringFileInfo, varFileInfo]);
}
