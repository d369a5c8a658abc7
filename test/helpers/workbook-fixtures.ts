/**
 * Workbooks made by the tests, for what the real ones in ../shared/testdata do not show: a password-protected file, an
 * Excel 97–2003 file under an .xlsx name, a large workbook, an ODS declaring a million empty rows. Made with the pinned
 * library's own writers (its CFB container and biff8/xlsx writers) or by hand (ODS), never read back through it here.
 */
import * as XLSX from '@e965/xlsx';
import { zipStored } from './sheet-xml';

/**
 * An encrypted OOXML workbook as Excel writes one: a compound file (D0 CF 11 E0 …), not a zip, holding the
 * EncryptionInfo and EncryptedPackage streams. The streams' contents are filler: no reader gets past their names.
 */
export function encryptedXlsx(): Uint8Array {
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', Uint8Array.of(4, 0, 4, 0, 0x40, 0, 0, 0, ...new Uint8Array(120).fill(1)));
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', new Uint8Array(8192).fill(7));
  return new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as ArrayLike<number>);
}

/** A workbook of these rows in one sheet, written as `bookType` (an .xls is "biff8"). */
export function workbookBytes(sheets: Record<string, (string | number | null)[][]>, bookType: 'xlsx' | 'biff8' = 'xlsx'): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), name);
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType, compression: true }) as ArrayBuffer);
}

/** A workbook with no sheet at all in its zip: an ODS whose spreadsheet holds no table (as some exporters write). */
export function sheetlessOds(): Uint8Array {
  return minimalOds('', { noTable: true });
}

/** An ODS file with one sheet of these rows (table:table-row XML), made by hand (no library): the smallest package SheetJS accepts. */
export function minimalOds(rows: string, o: { noTable?: boolean } = {}): Uint8Array {
  const ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"';
  const table = o.noTable ? '' : `<table:table table:name="Sheet1">${rows}</table:table>`;
  const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ns} office:version="1.2"><office:body><office:spreadsheet>${table}</office:spreadsheet></office:body></office:document-content>`;
  const manifest = `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`;
  const styles = `<?xml version="1.0" encoding="UTF-8"?><office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"/>`;
  return zipStored({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': content, 'styles.xml': styles, 'META-INF/manifest.xml': manifest });
}

const cell = (v: string | number) =>
  typeof v === 'number'
    ? `<table:table-cell office:value-type="float" office:value="${v}"><text:p>${v}</text:p></table:table-cell>`
    : `<table:table-cell office:value-type="string"><text:p>${v}</text:p></table:table-cell>`;

/** An ODS row of these cells. */
export const odsRow = (...cells: (string | number)[]) => `<table:table-row>${cells.map(cell).join('')}</table:table-row>`;

/** A small table followed by a million repeated empty rows of 16,384 columns, as LibreOffice writes a formatted sheet. */
export function millionRowOds(): Uint8Array {
  const filler = '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>';
  return minimalOds(odsRow('Force', 'Count') + odsRow('Kent', 1) + odsRow('Essex', 2) + filler);
}
