/**
 * The test's own reading of a workbook, independent of the library the app uses: a tiny zip reader (central
 * directory + node:zlib's raw inflate) and minimal readers of ODS content.xml and XLSX sheet XML. Expected numbers in
 * the spreadsheet tests come from here, never from SheetJS.
 */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

/** The files of a zip archive by name (stored or deflated entries only, which is what office suites write). */
export function unzip(bytes: Uint8Array): Map<string, Buffer> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) if (buf.readUInt32LE(i) === 0x06054b50) (eocd = i), (i = -1);
  if (eocd < 0) throw new Error('not a zip: no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataAt, dataAt + size);
    files.set(name, method === 0 ? raw : inflateRawSync(raw));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

/** One cell as the file stores it: its value type, stored value and displayed text. */
export interface XmlCell {
  type: string;
  value?: string;
  text: string;
}

const decode = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, d) => String.fromCharCode(Number(d))).replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1]) : undefined;
};
const textOf = (xml: string) =>
  decode(xml.replace(/<text:s(?:\s+text:c="(\d+)")?\s*\/>/g, (_, c) => ' '.repeat(Number(c ?? 1))).replace(/<\/text:p>\s*<text:p[^>]*>/g, '\n').replace(/<[^>]+>/g, ''));

// Repeats past this are the "rest of the sheet is empty" rows and columns ODS writers declare (a million of them).
const MAX_REPEAT = 1000;

/** The sheets of an ODS file, in order, each as rows of cells (undefined = empty). */
export function odsSheets(path: string): Map<string, (XmlCell | undefined)[][]> {
  const content = unzip(readFileSync(path)).get('content.xml')!.toString('utf8');
  const sheets = new Map<string, (XmlCell | undefined)[][]>();
  for (const t of content.matchAll(/<table:table\s[^>]*>([\s\S]*?)<\/table:table>/g)) {
    const name = attr(t[0].slice(0, t[0].indexOf('>') + 1), 'table:name')!;
    const rows: (XmlCell | undefined)[][] = [];
    for (const r of t[1].matchAll(/<table:table-row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-row>)/g)) {
      const row: (XmlCell | undefined)[] = [];
      for (const c of (r[2] ?? '').matchAll(/<table:(?:covered-)?table-cell\b([^>]*?)(?:\/>|>([\s\S]*?)<\/table:(?:covered-)?table-cell>)/g)) {
        const type = attr(c[1], 'office:value-type');
        const cell: XmlCell | undefined = type
          ? { type, value: attr(c[1], 'office:value') ?? attr(c[1], 'office:date-value') ?? attr(c[1], 'office:boolean-value'), text: textOf(c[2] ?? '') }
          : undefined;
        const n = Math.min(MAX_REPEAT, Number(attr(c[1], 'table:number-columns-repeated') ?? 1));
        for (let k = 0; k < n; k++) row.push(cell);
      }
      while (row.length && row[row.length - 1] === undefined) row.pop();
      const n = Math.min(MAX_REPEAT, Number(attr(r[1], 'table:number-rows-repeated') ?? 1));
      for (let k = 0; k < n; k++) rows.push(row);
    }
    while (rows.length && rows[rows.length - 1].length === 0) rows.pop();
    sheets.set(name, rows);
  }
  return sheets;
}

/** The sheets of an XLSX file, in order, each as rows of cells (shared strings resolved; no styles, so no text for numbers). */
export function xlsxSheets(path: string): Map<string, (XmlCell | undefined)[][]> {
  const files = unzip(readFileSync(path));
  // Part names in a package may be absolute ("/xl/worksheets/sheet1.xml") or relative to xl/.
  for (const [name, b] of [...files]) if (name.startsWith('/')) files.set(name.slice(1), b);
  const xml = (name: string) => files.get(name)?.toString('utf8') ?? '';
  const strings = [...xml('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    decode([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')),
  );
  const rels = new Map([...xml('xl/_rels/workbook.xml.rels').matchAll(/<Relationship\b[^>]*>/g)].map((m) => [attr(m[0], 'Id')!, attr(m[0], 'Target')!]));
  const sheets = new Map<string, (XmlCell | undefined)[][]>();
  for (const s of xml('xl/workbook.xml').matchAll(/<sheet\b[^>]*>/g)) {
    const target = rels.get(attr(s[0], 'r:id')!)!.replace(/^\/?(xl\/)?/, 'xl/');
    const rows: (XmlCell | undefined)[][] = [];
    for (const c of xml(target).matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const ref = attr(c[1], 'r')!;
      const [, letters, digits] = /^([A-Z]+)(\d+)$/.exec(ref)!;
      const col = [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const type = attr(c[1], 't') ?? 'n';
      const v = /<v>([\s\S]*?)<\/v>/.exec(c[2] ?? '')?.[1];
      const inline = /<is>([\s\S]*?)<\/is>/.exec(c[2] ?? '')?.[1];
      if (v === undefined && inline === undefined) continue;
      const value = type === 's' ? strings[Number(v)] : inline !== undefined ? decode(inline.replace(/<[^>]+>/g, '')) : decode(v!);
      ((rows[Number(digits) - 1] ??= [])[col] = { type: type === 's' || type === 'inlineStr' || type === 'str' ? 'string' : type === 'n' ? 'float' : type, value, text: value });
    }
    sheets.set(attr(s[0], 'name')!, Array.from(rows, (r) => r ?? []));
  }
  return sheets;
}

/** A cell's number, when it stores one. */
export function num(cell: XmlCell | undefined): number | undefined {
  return cell && (cell.type === 'float' || cell.type === 'percentage' || cell.type === 'currency') && cell.value !== undefined ? Number(cell.value) : undefined;
}

/** A cell's text as shown, trimmed ("" when empty). */
export function txt(cell: XmlCell | undefined): string {
  return (cell?.type === 'string' ? (cell.value ?? cell.text) : (cell?.text ?? '')).trim();
}

/** A zip of the given files, stored uncompressed: to make bad and minimal workbooks without the library under test. */
export function zipStored(files: Record<string, string | Uint8Array>): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(typeof content === 'string' ? new TextEncoder().encode(content) : content);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dir, end]));
}

function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
