/**
 * The synthetic sample files shipped with the app, loaded at start so a new
 * user sees a real comparison at once. Vite turns each into a URL next to the
 * app (served build) or a data: URL inside the single file.
 */
import type { SourceFile } from '../engine';

// The disruptions sample ships as Parquet (9 kB) rather than CSV (562 kB, 0.75 MB as a data: URL in the single
// file): the same rows, a smaller file and a faster start. Its CSV stays in samples/ for people and tests.
const urls = import.meta.glob(['../../samples/*_synthetic.{csv,parquet}', '!../../samples/disruptions_synthetic.csv'], {
  query: '?url',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** Names of the bundled samples, in load order (the messy export last: it is there to be looked at). */
export const SAMPLE_FILES = Object.keys(urls)
  .map((p) => p.split('/').pop() as string)
  .sort((a, b) => Number(a.startsWith('messy')) - Number(b.startsWith('messy')) || a.localeCompare(b));

/** Fetch the bundled samples as files to load. */
export async function loadSamples(): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  for (const [path, url] of Object.entries(urls)) {
    const name = path.split('/').pop() as string;
    if (!SAMPLE_FILES.includes(name)) continue;
    const res = await fetch(url);
    if (!res.ok) throw new Error(`sample ${name} could not be read (${res.status})`);
    out.push({ name, blob: await res.blob() });
  }
  return out.sort((a, b) => SAMPLE_FILES.indexOf(a.name) - SAMPLE_FILES.indexOf(b.name));
}
