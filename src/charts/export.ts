/**
 * A rendered chart → a standalone SVG for slides and documents: white background, the title, subtitle, legend,
 * chart, source and a provenance line, in system fonts named by font-family only (no web fonts, nothing fetched).
 * Building the SVG is pure and reads the figure through the DOM interface only (linkedom in tests); rasterising to
 * PNG needs a browser canvas.
 */
import type { ViewSpec } from '../domain';
import { REFERENCE_POPULATION } from '../domain/population';
// The one rule for which table a workbench view (`x_norm`, `x_long_norm`) is made from: its file is that table's.
import { sourceTableIn } from '../query/own-objects';

/** The words around an exported chart; each missing one is taken from the figure (h2, h3, figcaption). */
export interface ExportWords {
  title?: string;
  subtitle?: string;
  /** "Source: …" and notes, as the figure's caption says them. */
  source?: string;
  /** File names, filters and the export date (provenanceLine). */
  provenance?: string;
  /** The view's note, paragraph by paragraph, set under the chart (the figure does not carry it). */
  note?: readonly string[];
}

/** A standalone SVG document and its size in CSS pixels. */
export interface StandaloneSvg {
  svg: string;
  width: number;
  height: number;
}

/** A table's file, as a workbook's sources record it. */
export interface SourceFile {
  table: string;
  file: string;
}

/** Fonts every slide tool has; named, never loaded. */
export const EXPORT_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

const PAD = 24;
const SVG_NS = 'http://www.w3.org/2000/svg';

/** `2026-12-01 13:10 UTC`. */
function stamp(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The tables a view reads: its table and its population lookup. */
export function viewInputs(spec: ViewSpec): string[] {
  return [spec.table, ...(spec.denominator && spec.denominator.table !== spec.table ? [spec.denominator.table] : [])];
}

/**
 * The file a table (or a workbench view of it, `x_norm`) was read from, in words: the file's name, the built-in
 * population, or "(no file recorded)".
 */
export function fileOfTable(table: string, sources: readonly SourceFile[]): string {
  const own = sourceTableIn(table, sources.map((s) => s.table));
  const file = sources.find((s) => s.table === own)?.file;
  if (file) return file;
  // The built-in population travels with the workbench: it has no file, and nothing is missing.
  return table.toLowerCase() === REFERENCE_POPULATION ? `${table} (ONS mid-year population, built in)` : `${table} (no file recorded)`;
}

/** The provenance line: files read, filters applied and when it was exported. */
export function provenanceLine(spec: ViewSpec, sources: readonly SourceFile[], exportedAt: Date): string {
  const files = viewInputs(spec).map((t) => fileOfTable(t, sources));
  const filters = spec.filters.map((f) => `${f.column} = ${f.values.map((v) => (v === null ? '(blank)' : String(v))).join(' or ')}`);
  const r = spec.periodRange;
  if (r?.from || r?.to) filters.push(`${spec.roles.period ?? 'period'} ${r.from ? `from ${r.from}` : ''}${r.from && r.to ? ' ' : ''}${r.to ? `to ${r.to}` : ''}`);
  if (spec.totals === 'include') filters.push('total rows included');
  return [`Data: ${files.join(', ')}.`, filters.length ? `Filters: ${filters.join('; ')}.` : 'No filters.', `Exported ${stamp(exportedAt)} from SOC Workbench.`].join(' ');
}

/** Escape text for XML content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

// Elements that run code, embed other documents or pull HTML into the SVG: never exported.
const DROP = new Set(['script', 'foreignobject', 'iframe', 'object', 'embed', 'audio', 'video', 'canvas']);
// Only same-document fragments and inline images may be referenced: no other file or origin.
const SAFE_REF = /^(#|data:image\/(png|jpeg|gif|webp);)/i;

function safeCss(css: string): string {
  return css
    .replace(/@import[^;]*;?/gi, '')
    .replace(/@font-face\s*\{[^}]*\}/gi, '')
    .replace(/url\(\s*(['"]?)([^)'"]*)\1\s*\)/gi, (m, _q, ref: string) => (ref.startsWith('#') ? m : 'none'));
}

// SVG's mixed-case element names: an HTML DOM (linkedom, or a browser for elements parsed as HTML) may report them
// upper- or lower-cased, and XML is case-sensitive, so `<clippath>` would not clip.
const CAMEL = new Map(
  ['clipPath', 'linearGradient', 'radialGradient', 'textPath', 'foreignObject', 'feBlend', 'feColorMatrix', 'feComposite', 'feFlood', 'feGaussianBlur', 'feMerge', 'feMergeNode', 'feMorphology', 'feOffset', 'feDropShadow']
    .map((n) => [n.toLowerCase(), n]),
);

/** Serialise a node as XML, dropping scripts, event handlers and external references. */
function xml(node: Node, extra: Record<string, string> = {}): string {
  if (node.nodeType === 3) return escapeXml(node.textContent ?? '');
  if (node.nodeType !== 1) return '';
  const el = node as Element;
  const lower = el.tagName.toLowerCase();
  const tag = CAMEL.get(lower) ?? lower;
  if (DROP.has(lower)) return '';
  const attrs: string[] = [];
  for (const a of Array.from(el.attributes)) {
    const n = a.name.toLowerCase();
    if (n.startsWith('on') || n in extra) continue;
    if ((n === 'href' || n === 'xlink:href' || n === 'src') && !SAFE_REF.test(a.value.trim())) continue;
    const value = n === 'style' ? safeCss(a.value) : a.value;
    attrs.push(` ${a.name}="${escapeXml(value)}"`);
  }
  for (const [k, v] of Object.entries(extra)) attrs.push(` ${k}="${escapeXml(v)}"`);
  const body = lower === 'style' ? escapeXml(safeCss(el.textContent ?? '')) : Array.from(el.childNodes, (c) => xml(c)).join('');
  return `<${tag}${attrs.join('')}>${body}</${tag}>`;
}

/** Break text into lines of at most `width` pixels, estimating glyph widths for a sans-serif font. */
export function wrapText(text: string, width: number, fontSize: number): string[] {
  const perChar = fontSize * 0.56;
  const max = Math.max(8, Math.floor(width / perChar));
  const lines: string[] = [];
  let line = '';
  for (const word of text.trim().split(/\s+/)) {
    if (word === '') continue;
    if (line !== '' && line.length + 1 + word.length > max) {
      lines.push(line);
      line = '';
    }
    line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

function size(el: Element, key: 'width' | 'height', fallback: number): number {
  const n = Number.parseFloat(el.getAttribute(key) ?? '');
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

function textOf(figure: Element, selector: string): string | undefined {
  const t = figure.querySelector(selector)?.textContent?.trim();
  return t ? t : undefined;
}

/** Build the standalone SVG from a Plot figure (a `<figure>` or a bare `<svg>`) and the words around it. */
export function standaloneSvg(figure: Element, words: ExportWords = {}): StandaloneSvg {
  const isSvg = figure.tagName.toLowerCase() === 'svg';
  const children = isSvg ? [figure] : Array.from(figure.children);
  const svgs = children.filter((c) => c.tagName.toLowerCase() === 'svg');
  const chart = svgs[svgs.length - 1];
  if (!chart) throw new Error('standaloneSvg: the figure has no chart <svg>');
  const ramps = svgs.slice(0, -1);
  const swatches = children.filter((c) => /-swatches\b/.test(c.getAttribute('class') ?? '')).flatMap((d) => Array.from(d.querySelectorAll('span')).filter((s) => s.querySelector('svg')));
  const title = words.title ?? (isSvg ? undefined : textOf(figure, 'h2'));
  const subtitle = words.subtitle ?? (isSvg ? undefined : textOf(figure, 'h3'));
  const source = words.source ?? (isSvg ? undefined : textOf(figure, 'figcaption'));

  const chartWidth = size(chart, 'width', 640);
  const width = Math.ceil(Math.max(chartWidth, 480) + 2 * PAD);
  const inner = width - 2 * PAD;
  const parts: string[] = [];
  let y = PAD;
  const block = (text: string | undefined, fontSize: number, attrs: string) => {
    if (!text) return;
    const lines = wrapText(text, inner, fontSize);
    const lh = Math.round(fontSize * 1.3);
    parts.push(`<text x="${PAD}" y="${y + fontSize}" font-size="${fontSize}" ${attrs}>${lines.map((l, i) => `<tspan x="${PAD}" dy="${i === 0 ? 0 : lh}">${escapeXml(l)}</tspan>`).join('')}</text>`);
    y += lines.length * lh + Math.round(fontSize * 0.5);
  };
  block(title, 20, 'font-weight="700" fill="#111"');
  block(subtitle, 13, 'fill="#444"');
  if (title || subtitle) y += 6;

  for (const ramp of ramps) {
    parts.push(xml(ramp, { x: String(PAD), y: String(y) }));
    y += size(ramp, 'height', 50) + 4;
  }
  if (swatches.length) {
    let x = PAD;
    for (const s of swatches) {
      const label = s.textContent?.trim() ?? '';
      const w = 20 + label.length * 10 * 0.56 + 16;
      if (x > PAD && x + w > PAD + inner) {
        x = PAD;
        y += 22;
      }
      parts.push(xml(s.querySelector('svg')!, { x: String(x), y: String(y) }));
      parts.push(`<text x="${x + 20}" y="${y + 11}" font-size="10" fill="#111">${escapeXml(label)}</text>`);
      x += w;
    }
    y += 26;
  }
  parts.push(xml(chart, { x: String(PAD), y: String(y) }));
  y += size(chart, 'height', 400) + 12;
  for (const p of words.note ?? []) block(p, 12, 'fill="#222"');
  block(source, 10, 'fill="#444"');
  block(words.provenance, 9, 'fill="#666"');
  const height = Math.ceil(y + PAD / 2);
  const svg =
    `<svg xmlns="${SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="${escapeXml(EXPORT_FONT)}" style="color:#111;background:#fff">` +
    `<rect width="100%" height="100%" fill="#fff"/>${parts.join('')}</svg>`;
  return { svg, width, height };
}

/** Rasterise a standalone SVG to PNG at `scale` × its size (2 for slides), on white. Browser only. */
export async function svgToPng(s: StandaloneSvg, scale = 2): Promise<Blob> {
  // A blob: URL, which the app's Content-Security-Policy allows for images (img-src data: blob:).
  const url = URL.createObjectURL(new Blob([s.svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(s.width * scale);
    canvas.height = Math.round(s.height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser gave no 2D canvas to draw the PNG on');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Put a PNG on the clipboard (browser only; needs a user gesture). A promise keeps the gesture alive while it renders. */
export async function copyPngToClipboard(png: Blob | Promise<Blob>): Promise<void> {
  await navigator.clipboard.write([new ClipboardItem({ 'image/png': png })]);
}
