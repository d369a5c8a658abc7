/**
 * The test's own reading of published police tables, independent of the app: a small RFC 4180 CSV reader, the 43
 * territorial forces by their canonical names, and the spellings these files use for them. Expected values in the
 * real-table tests come from here and plain arithmetic, never from the app's recognition or SQL.
 */
import { readFileSync } from 'node:fs';

/** Rows of a CSV file as arrays of cells (quotes, doubled quotes, commas and newlines inside quotes). */
export function readCsv(path: string): string[][] {
  return parseCsv(readFileSync(path, 'utf8'));
}

/** Rows of CSV text as arrays of cells. */
export function parseCsv(csv: string): string[][] {
  const text = csv.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell), rows.push(row), (row = []), (cell = '');
    } else cell += c;
  }
  if (cell !== '' || row.length) row.push(cell), rows.push(row);
  return rows;
}

/** The 43 territorial forces of England and Wales, by the canonical (ONS police force area) names the app shows. */
export const FORTY_THREE = [
  'Avon and Somerset', 'Bedfordshire', 'Cambridgeshire', 'Cheshire', 'City of London', 'Cleveland', 'Cumbria', 'Derbyshire',
  'Devon and Cornwall', 'Dorset', 'Durham', 'Dyfed-Powys', 'Essex', 'Gloucestershire', 'Greater Manchester', 'Gwent',
  'Hampshire and Isle of Wight', 'Hertfordshire', 'Humberside', 'Kent', 'Lancashire', 'Leicestershire', 'Lincolnshire',
  'Merseyside', 'Metropolitan Police', 'Norfolk', 'North Wales', 'North Yorkshire', 'Northamptonshire', 'Northumbria',
  'Nottinghamshire', 'South Wales', 'South Yorkshire', 'Staffordshire', 'Suffolk', 'Surrey', 'Sussex', 'Thames Valley',
  'Warwickshire', 'West Mercia', 'West Midlands', 'West Yorkshire', 'Wiltshire',
];

// The spellings these Home Office and IOPC files use where they differ from the canonical name.
const SPELLINGS: Record<string, string> = {
  'Avon & Somerset': 'Avon and Somerset',
  'Devon & Cornwall': 'Devon and Cornwall',
  Hampshire: 'Hampshire and Isle of Wight',
  Metropolitan: 'Metropolitan Police',
};

/** The canonical name of one of the 43 for a published label, or undefined for anything else. */
export function territorial(label: string): string | undefined {
  const t = label.trim();
  const name = SPELLINGS[t] ?? t;
  return FORTY_THREE.includes(name) ? name : undefined;
}
