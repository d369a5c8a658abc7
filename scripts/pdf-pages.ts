/**
 * PDF pages → PNG files, through pdf.js and its canvas (no network, no Ghostscript): how the briefing's printed pages
 * are looked at and kept in docs/screenshots. `pdfPagesToPng(bytes, [1, 2], (n) => path)`.
 */
import { writeFileSync } from 'node:fs';
import { createCanvas } from '@napi-rs/canvas';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export async function pdfPagesToPng(bytes: Uint8Array, pages: readonly number[], path: (n: number) => string, scale = 1.5): Promise<number> {
  const doc = await getDocument({ data: bytes, isEvalSupported: false }).promise;
  for (const n of pages) {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvasContext: ctx as unknown as CanvasRenderingContext2D, viewport }).promise;
    writeFileSync(path(n), canvas.toBuffer('image/png'));
  }
  const count = doc.numPages;
  await doc.destroy();
  return count;
}
