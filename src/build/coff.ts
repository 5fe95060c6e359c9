/**
 * Resource object files (`.syso`) for Go's linker: one COFF object with a `.rsrc` section holding a
 * resource directory tree, and an ADDR32NB relocation per data entry so the linker turns each data
 * offset into an RVA. This is what windres or rsrc would produce, written here so builds need no
 * extra tool. Layout per the PE/COFF specification; Go reads it in cmd/link/internal/loadpe.
 */

export interface Resource {
  type: number;
  name: number;
  lang: number;
  data: Buffer;
}

export const RT_VERSION = 16;

interface MachineInfo {
  machine: number;
  /** The relocation type that means "32-bit RVA of the target" on this machine. */
  addr32nb: number;
  is32bit: boolean;
}

/** The Windows GOARCH values whose resource objects we can write. */
export const COFF_MACHINES: Readonly<Record<string, MachineInfo>> = {
  '386': { machine: 0x014c, addr32nb: 0x0007, is32bit: true }, // IMAGE_REL_I386_DIR32NB
  amd64: { machine: 0x8664, addr32nb: 0x0003, is32bit: false }, // IMAGE_REL_AMD64_ADDR32NB
  arm: { machine: 0x01c4, addr32nb: 0x0002, is32bit: true }, // ARMNT, IMAGE_REL_ARM_ADDR32NB
  arm64: { machine: 0xaa64, addr32nb: 0x0002, is32bit: false }, // IMAGE_REL_ARM64_ADDR32NB
};

const IMAGE_FILE_32BIT_MACHINE = 0x0100;
const IMAGE_SCN_CNT_INITIALIZED_DATA = 0x00000040;
const IMAGE_SCN_MEM_READ = 0x40000000;
const IMAGE_SYM_CLASS_STATIC = 3;
const SUBDIRECTORY = 0x80000000;

/** The `.rsrc` section contents and the offsets of the fields that need relocating. */
export function resourceSection(resources: readonly Resource[]): {
  data: Buffer;
  relocations: number[];
} {
  if (resources.length === 0) throw new Error('no resources');
  const sorted = [...resources].sort(
    (a, b) => a.type - b.type || a.name - b.name || a.lang - b.lang,
  );
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1]!, sorted[i]!];
    if (a.type === b.type && a.name === b.name && a.lang === b.lang)
      throw new Error(`resource ${a.type}/${a.name}/${a.lang} is given twice`);
  }
  // The three directory levels (type, name, language), each entry sorted by ID as Windows requires.
  const types = group(sorted, (r) => r.type);
  const dirSize = (n: number) => 16 + 8 * n;
  let offset = dirSize(types.size);
  const nameDirs: { at: number; names: Map<number, Resource[]> }[] = [];
  for (const list of types.values()) {
    const names = group(list, (r) => r.name);
    nameDirs.push({ at: offset, names });
    offset += dirSize(names.size);
  }
  const langDirs: { at: number; langs: Resource[] }[] = [];
  for (const nd of nameDirs)
    for (const langs of nd.names.values()) {
      langDirs.push({ at: offset, langs });
      offset += dirSize(langs.length);
    }
  const entriesAt = offset;
  offset += 16 * sorted.length;
  const dataAt: number[] = [];
  for (const r of sorted) {
    offset += (8 - (offset % 8)) % 8;
    dataAt.push(offset);
    offset += r.data.length;
  }
  const size = offset + ((8 - (offset % 8)) % 8);
  const out = Buffer.alloc(size);

  const writeDir = (at: number, entries: [number, number][]) => {
    out.writeUInt16LE(entries.length, at + 14); // NumberOfIdEntries; no named entries
    entries.forEach(([id, target], i) => {
      out.writeUInt32LE(id, at + 16 + 8 * i);
      out.writeUInt32LE(target >>> 0, at + 20 + 8 * i);
    });
  };
  writeDir(
    0,
    [...types.keys()].map((t, i) => [t, (nameDirs[i]!.at | SUBDIRECTORY) >>> 0]),
  );
  let li = 0;
  for (const nd of nameDirs) {
    writeDir(
      nd.at,
      [...nd.names.keys()].map((n) => [n, (langDirs[li++]!.at | SUBDIRECTORY) >>> 0]),
    );
  }
  let ei = 0;
  for (const ld of langDirs) {
    writeDir(
      ld.at,
      ld.langs.map((r) => [r.lang, entriesAt + 16 * ei++]),
    );
  }
  const relocations: number[] = [];
  sorted.forEach((r, i) => {
    const at = entriesAt + 16 * i;
    out.writeUInt32LE(dataAt[i]!, at); // OffsetToData: an offset here, an RVA after relocation
    out.writeUInt32LE(r.data.length, at + 4);
    relocations.push(at);
    r.data.copy(out, dataAt[i]!);
  });
  return { data: out, relocations };
}

function group<K>(list: readonly Resource[], key: (r: Resource) => K): Map<K, Resource[]> {
  const m = new Map<K, Resource[]>();
  for (const r of list) {
    const k = key(r);
    const l = m.get(k);
    if (l) l.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** A COFF object file with the given resources, for Windows on `goarch`. */
export function resourceObject(goarch: string, resources: readonly Resource[]): Buffer {
  const m = COFF_MACHINES[goarch];
  if (!m) throw new Error(`no COFF machine type for windows/${goarch}`);
  const { data, relocations } = resourceSection(resources);
  const rawAt = 20 + 40;
  const relocAt = rawAt + data.length;
  const symAt = relocAt + 10 * relocations.length;
  const out = Buffer.alloc(symAt + 18 + 4);

  out.writeUInt16LE(m.machine, 0);
  out.writeUInt16LE(1, 2); // NumberOfSections
  out.writeUInt32LE(0, 4); // TimeDateStamp: zero, for reproducible objects
  out.writeUInt32LE(symAt, 8);
  out.writeUInt32LE(1, 12); // NumberOfSymbols
  out.writeUInt16LE(0, 16); // SizeOfOptionalHeader
  out.writeUInt16LE(m.is32bit ? IMAGE_FILE_32BIT_MACHINE : 0, 18);

  out.write('.rsrc', 20, 'latin1');
  out.writeUInt32LE(data.length, 20 + 16); // SizeOfRawData
  out.writeUInt32LE(rawAt, 20 + 20); // PointerToRawData
  out.writeUInt32LE(relocations.length ? relocAt : 0, 20 + 24); // PointerToRelocations
  if (relocations.length > 0xffff) throw new Error('too many resources for one object');
  out.writeUInt16LE(relocations.length, 20 + 32);
  out.writeUInt32LE((IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ) >>> 0, 20 + 36);

  data.copy(out, rawAt);
  relocations.forEach((off, i) => {
    const at = relocAt + 10 * i;
    out.writeUInt32LE(off, at);
    out.writeUInt32LE(0, at + 4); // symbol 0: the section symbol
    out.writeUInt16LE(m.addr32nb, at + 8);
  });
  // Symbol 0: the static section symbol `.rsrc`, which relocations refer to.
  out.write('.rsrc', symAt, 'latin1');
  out.writeUInt32LE(0, symAt + 8);
  out.writeInt16LE(1, symAt + 12);
  out.writeUInt16LE(0, symAt + 14);
  out.writeUInt8(IMAGE_SYM_CLASS_STATIC, symAt + 16);
  out.writeUInt8(0, symAt + 17);
  out.writeUInt32LE(4, symAt + 18); // empty string table: just its own size
  return out;
}

/** Section names of a COFF object, or undefined when `buf` is not one we can read. */
export function coffSectionNames(buf: Buffer): string[] | undefined {
  if (buf.length < 20) return undefined;
  const machine = buf.readUInt16LE(0);
  if (!Object.values(COFF_MACHINES).some((m) => m.machine === machine)) return undefined;
  const n = buf.readUInt16LE(2);
  const start = 20 + buf.readUInt16LE(16);
  if (start + 40 * n > buf.length) return undefined;
  const names: string[] = [];
  for (let i = 0; i < n; i++)
    names.push(buf.toString('latin1', start + 40 * i, start + 40 * i + 8).replace(/\0+$/, ''));
  return names;
}
