/**
 * A reader for what Windows itself reads: the PE image's resource data directory, its resource
 * tree, and the VS_VERSIONINFO inside. Written from the PE/COFF and VERSIONINFO specifications,
 * independently of src/build's writer, so the tests check the produced .exe, not the writer.
 */

export interface PeImage {
  machine: number;
  pe32plus: boolean;
  sections: {
    name: string;
    virtualAddress: number;
    virtualSize: number;
    rawSize: number;
    rawAt: number;
  }[];
  resources: { type: number; name: number; lang: number; data: Buffer; codePage: number }[];
}

export function readPe(buf: Buffer): PeImage {
  if (buf.toString('latin1', 0, 2) !== 'MZ') throw new Error('no MZ header');
  const peAt = buf.readUInt32LE(0x3c);
  if (buf.toString('latin1', peAt, peAt + 4) !== 'PE\0\0') throw new Error('no PE signature');
  const coff = peAt + 4;
  const machine = buf.readUInt16LE(coff);
  const nSections = buf.readUInt16LE(coff + 2);
  const optSize = buf.readUInt16LE(coff + 16);
  const opt = coff + 20;
  const magic = buf.readUInt16LE(opt);
  const pe32plus = magic === 0x20b;
  if (!pe32plus && magic !== 0x10b) throw new Error(`unknown optional header magic ${magic}`);
  const dirs = opt + (pe32plus ? 112 : 96);
  const nDirs = buf.readUInt32LE(opt + (pe32plus ? 108 : 92));
  const rsrcRva = nDirs > 2 ? buf.readUInt32LE(dirs + 16) : 0;
  const sections: PeImage['sections'] = [];
  for (let i = 0; i < nSections; i++) {
    const at = opt + optSize + 40 * i;
    sections.push({
      name: buf.toString('latin1', at, at + 8).replace(/\0+$/, ''),
      virtualSize: buf.readUInt32LE(at + 8),
      virtualAddress: buf.readUInt32LE(at + 12),
      rawSize: buf.readUInt32LE(at + 16),
      rawAt: buf.readUInt32LE(at + 20),
    });
  }
  const fileOffset = (rva: number) => {
    const s = sections.find(
      (x) => rva >= x.virtualAddress && rva < x.virtualAddress + Math.max(x.virtualSize, x.rawSize),
    );
    if (!s) throw new Error(`RVA ${rva.toString(16)} is in no section`);
    return s.rawAt + (rva - s.virtualAddress);
  };
  const resources: PeImage['resources'] = [];
  if (rsrcRva !== 0) {
    const base = fileOffset(rsrcRva);
    const entries = (dirAt: number) => {
      const named = buf.readUInt16LE(base + dirAt + 12);
      const ids = buf.readUInt16LE(base + dirAt + 14);
      const out: { id: number; target: number; dir: boolean }[] = [];
      for (let i = 0; i < named + ids; i++) {
        const e = base + dirAt + 16 + 8 * i;
        const target = buf.readUInt32LE(e + 4);
        out.push({
          id: buf.readUInt32LE(e),
          target: target & 0x7fffffff,
          dir: (target & 0x80000000) !== 0,
        });
      }
      return out;
    };
    for (const t of entries(0))
      for (const n of entries(t.target))
        for (const l of entries(n.target)) {
          if (!t.dir || !n.dir || l.dir) throw new Error('resource tree is not three levels deep');
          const e = base + l.target;
          const dataRva = buf.readUInt32LE(e);
          const size = buf.readUInt32LE(e + 4);
          const at = fileOffset(dataRva);
          resources.push({
            type: t.id,
            name: n.id,
            lang: l.id,
            codePage: buf.readUInt32LE(e + 8),
            data: buf.subarray(at, at + size),
          });
        }
  }
  return { machine, pe32plus, sections, resources };
}

export interface ParsedVersionInfo {
  fileVersion: string;
  productVersion: string;
  fileFlags: number;
  fileOS: number;
  fileType: number;
  /** StringFileInfo by table key (e.g. 040904B0), then by name. */
  strings: Record<string, Record<string, string>>;
  translations: { lang: number; codePage: number }[];
}

interface Block {
  key: string;
  type: number;
  value: Buffer;
  valueLength: number;
  children: Block[];
}

function readBlock(buf: Buffer, at: number): { block: Block; end: number } {
  const length = buf.readUInt16LE(at);
  const valueLength = buf.readUInt16LE(at + 2);
  const type = buf.readUInt16LE(at + 4);
  let p = at + 6;
  let keyEnd = p;
  while (buf.readUInt16LE(keyEnd) !== 0) keyEnd += 2;
  const key = buf.toString('utf16le', p, keyEnd);
  p = keyEnd + 2;
  p += (4 - ((p - at) % 4)) % 4;
  const valueBytes = type === 1 ? valueLength * 2 : valueLength;
  const value = buf.subarray(p, p + valueBytes);
  p += valueBytes;
  const end = at + length;
  const children: Block[] = [];
  for (;;) {
    p += (4 - ((p - at) % 4)) % 4;
    if (p >= end) break;
    const child = readBlock(buf, p);
    children.push(child.block);
    p = child.end;
  }
  return { block: { key, type, value, valueLength, children }, end };
}

export function parseVersionInfo(data: Buffer): ParsedVersionInfo {
  const { block: root } = readBlock(data, 0);
  if (root.key !== 'VS_VERSION_INFO') throw new Error(`root key is ${root.key}`);
  const f = root.value;
  if (f.readUInt32LE(0) !== 0xfeef04bd) throw new Error('VS_FIXEDFILEINFO signature missing');
  const ver = (ms: number, ls: number) => `${ms >>> 16}.${ms & 0xffff}.${ls >>> 16}.${ls & 0xffff}`;
  const strings: ParsedVersionInfo['strings'] = {};
  const translations: ParsedVersionInfo['translations'] = [];
  for (const c of root.children) {
    if (c.key === 'StringFileInfo')
      for (const table of c.children) {
        strings[table.key] = {};
        for (const s of table.children)
          strings[table.key]![s.key] = s.value.toString('utf16le').replace(/\0+$/, '');
      }
    if (c.key === 'VarFileInfo')
      for (const v of c.children)
        for (let i = 0; i + 4 <= v.value.length; i += 4)
          translations.push({
            lang: v.value.readUInt16LE(i),
            codePage: v.value.readUInt16LE(i + 2),
          });
  }
  return {
    fileVersion: ver(f.readUInt32LE(8), f.readUInt32LE(12)),
    productVersion: ver(f.readUInt32LE(16), f.readUInt32LE(20)),
    fileFlags: f.readUInt32LE(28),
    fileOS: f.readUInt32LE(32),
    fileType: f.readUInt32LE(36),
    strings,
    translations,
  };
}
