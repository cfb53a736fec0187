/**
 * A small zip writer for tests and the bench: builds the lying zip bomb of issue 8 (a workbook whose
 * central directory declares small sizes while a sheet inflates to hundreds of megabytes) without
 * ever holding the inflated bytes. Not exported from the package index: import `@kamkor/excel/test-zip`.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntryInput {
  name: string;
  /** Raw deflate data (method 8) of the entry. */
  deflated: Buffer;
  /** What the headers claim; the truth for honest entries. */
  declaredSize: number;
  crc: number;
}

/** An honest deflated entry. */
export function deflatedEntry(name: string, text: string): ZipEntryInput {
  const data = Buffer.from(text);
  return { name, deflated: deflateRawSync(data), declaredSize: data.length, crc: crc32(data) };
}

/** Writes a zip of deflated entries, the sizes and CRCs as declared (not checked). */
export function writeZip(entries: ZipEntryInput[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    // The local header and the central directory record share a run of fields, two bytes apart.
    const common = (b: Buffer, shift: number) => {
      b.writeUInt16LE(20, 4 + shift);
      b.writeUInt16LE(8, 8 + shift);
      b.writeUInt32LE(e.crc >>> 0, 14 + shift);
      b.writeUInt32LE(e.deflated.length, 18 + shift);
      b.writeUInt32LE(e.declaredSize, 22 + shift);
      b.writeUInt16LE(name.length, 26 + shift);
      return b;
    };
    const local = common(Buffer.alloc(30 + name.length), 0);
    local.writeUInt32LE(0x04034b50, 0);
    name.copy(local, 30);
    const central = common(Buffer.alloc(46 + name.length), 2);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt32LE(offset, 42);
    name.copy(central, 46);
    locals.push(local, e.deflated);
    centrals.push(central);
    offset += local.length + e.deflated.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, eocd]));
}

/**
 * Raw deflate data that inflates to `megabytes` MiB of spaces, built from one fully flushed 1 MiB
 * block repeated (a full flush makes each copy stand alone) and a final empty block.
 */
export function deflatedSpaces(megabytes: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024, 0x20), { finishFlush: constants.Z_FULL_FLUSH });
  const last = deflateRawSync(Buffer.alloc(0));
  return Buffer.concat([...Array.from({ length: megabytes }, () => block), last]);
}

const contentTypes =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>';
const workbookXml = '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>';

/**
 * The lying bomb: an xlsx-shaped zip whose sheet entry inflates to `megabytes` MiB while its local
 * header and central directory declare `declaredSize` bytes (1 KiB by default).
 */
export function lyingZipBomb(megabytes = 300, declaredSize = 1024): Uint8Array {
  return writeZip([
    deflatedEntry('[Content_Types].xml', contentTypes),
    deflatedEntry('xl/workbook.xml', workbookXml),
    { name: 'xl/worksheets/sheet1.xml', deflated: deflatedSpaces(megabytes), declaredSize, crc: 0 },
  ]);
}
