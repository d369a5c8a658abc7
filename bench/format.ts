/** Number formats shared by the terminal table and the README. */

/** Milliseconds: one decimal under 10, else whole with separators; "–" when unknown. */
export function ms(x: number): string {
  if (!Number.isFinite(x)) return '–';
  return x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString('en-GB');
}

/** a ÷ b as "3.2×"; "–" when either is unknown. */
export function ratio(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(1)}×` : '–';
}

/** Bytes as MiB with one decimal. */
export function mib(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : 'n/a';
}

/** Text made safe for one Markdown table cell. */
export function cell(s: string): string {
  return s.replaceAll('|', '\\|').replaceAll('\n', ' ');
}
