/**
 * The render's `index.html`: the workbook's views in order, each with its title, chart, notes and files, and a line
 * per view that failed saying why. Pure text in, text out; every piece of the user's text (titles, names, notes,
 * messages) is escaped, and the page runs no script and loads nothing but its own images.
 */
import { escapeXml } from '../charts';

/** One view's entry on the page. */
export interface IndexEntry {
  name: string;
  /** The chart's title as drawn (may differ from the view's name). */
  title?: string;
  /** Files beside the page, by label: `{ SVG: '01-x.svg', … }`. The first is shown as the image. */
  files?: Record<string, string>;
  /** What the chart shows, in words (its text alternative): the image's alt text. */
  description?: string;
  notes?: readonly string[];
  /** `43 rows, 0.12 s`. */
  summary?: string;
  /** Why the view was not drawn. */
  error?: string;
}

const CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'";

/** A relative link to a file beside the page (its name may hold spaces or `#`). */
const href = (file: string) => escapeXml(encodeURIComponent(file));

function entry(e: IndexEntry, i: number): string {
  const files = Object.entries(e.files ?? {});
  const image = files.find(([label]) => label === 'SVG');
  const parts = [`<section id="view-${i + 1}">`, `<h2>${i + 1}. ${escapeXml(e.name)}</h2>`];
  if (e.error) parts.push(`<p class="error"><strong>Not drawn:</strong> ${escapeXml(e.error)}</p>`);
  if (image) parts.push(`<img src="${href(image[1])}" alt="${escapeXml(e.description ?? e.title ?? e.name)}">`);
  for (const n of e.notes ?? []) parts.push(`<p class="note">${escapeXml(n)}</p>`);
  if (files.length || e.summary) {
    const links = files.map(([label, file]) => `<a href="${href(file)}">${escapeXml(label)}</a>`).join(' · ');
    parts.push(`<p class="files">${links}${e.summary ? `${links ? ' — ' : ''}${escapeXml(e.summary)}` : ''}</p>`);
  }
  parts.push('</section>');
  return parts.join('\n');
}

/** The page: the workbook's title, when and from what it was rendered, then each view. */
export function indexPage(title: string, lines: readonly string[], entries: readonly IndexEntry[]): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)}</title>
<style>
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem; color: #111; }
header p, .note, .files { color: #444; }
section { border-top: 1px solid #ccc; padding: 1rem 0 1.5rem; }
img { max-width: 100%; height: auto; border: 1px solid #eee; }
.error { color: #8a1c1c; }
</style>
</head>
<body>
<header>
<h1>${escapeXml(title)}</h1>
${lines.map((l) => `<p>${escapeXml(l)}</p>`).join('\n')}
</header>
<main>
${entries.map(entry).join('\n')}
</main>
</body>
</html>
`;
}
