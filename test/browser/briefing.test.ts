/**
 * Notes on views and the printed briefing (issue 19 item 3) in Chromium against the real engine: a note written in
 * the builder is shown under the chart as text, on its slide, and in the briefing; the briefing prints to PDF with a
 * title page and a view a page, numbered, and with each view's numbers when asked. The PDF is read back by pdf.js.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { closeBrowser, openApp, type AppSession, builderForm as builder, chooseIn as choose, drawn } from './harness';

let s: AppSession;


/** Each page's text, as pdf.js reads it from the PDF Chromium printed. */
async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((t) => ('str' in t ? t.str : '')).join(' ').replace(/\s+/g, ' '));
  }
  await doc.destroy();
  return pages;
}

const NOTE = 'Figures for 2023/24 are provisional.\n\nThe <b>Met</b> changed how it records disruptions & arrests in May.';

beforeAll(async () => {
  s = await openApp();
  await drawn(s.page);
});
afterAll(async () => {
  await s?.close();
  await closeBrowser();
});

describe('a note on a view', () => {
  it('written in the builder, is shown under the chart as two paragraphs of text, never markup', async () => {
    const note = builder(s.page).locator('textarea[name="note"]');
    await note.fill(NOTE);
    await note.blur();
    await s.page.waitForFunction(() => document.querySelectorAll('.chart-view .view-note p').length === 2);
    await drawn(s.page);
    const paras = await s.page.locator('.chart-view .view-note p').allTextContents();
    expect(paras).toEqual(['Figures for 2023/24 are provisional.', 'The <b>Met</b> changed how it records disruptions & arrests in May.']);
    expect(await s.page.locator('.chart-view .view-note b').count()).toBe(0);
    // The note is the view's own words, set apart from the caption: the caption does not repeat it.
    expect(await s.page.locator('.chart-view figcaption').textContent()).not.toContain('provisional');
  });

  it('travels with the saved view onto its slide', async () => {
    await s.page.getByRole('button', { name: 'Save view' }).click();
    await choose(s.page, 'compareBy', 'region');
    await choose(s.page, 'chart', 'bar');
    await builder(s.page).locator('textarea[name="note"]').fill('');
    await builder(s.page).locator('textarea[name="note"]').blur();
    await drawn(s.page);
    await s.page.getByRole('button', { name: 'Save view' }).click();
    await s.page.locator('section[aria-label="Workbook"]').getByRole('button', { name: 'Present', exact: true }).click();
    const deck = s.page.getByRole('dialog', { name: 'Presentation' });
    await deck.locator('figure h2').waitFor();
    expect(await deck.locator('.slide-note p').allTextContents()).toEqual(NOTE.split('\n\n'));
    await s.page.keyboard.press('ArrowRight');
    await s.page.waitForFunction(() => document.querySelector('[aria-label="Presentation"] .counter')?.textContent === '2 / 2');
    await s.page.waitForFunction(() => document.querySelector('[aria-label="Presentation"] figure h2')?.textContent?.includes('region'));
    expect(await deck.locator('.slide-note').count()).toBe(0);
    await s.page.keyboard.press('Escape');
    await deck.waitFor({ state: 'detached' });
  });
});

describe('the printed briefing', () => {
  let titles: string[] = [];

  it('lays out a title page and a view a page, with the note', async () => {
    await s.page.locator('section[aria-label="Workbook"]').getByRole('button', { name: 'Print briefing' }).click();
    const briefing = s.page.getByRole('dialog', { name: 'Print briefing' });
    await briefing.locator('.page.view figure h2').nth(1).waitFor();
    expect(await briefing.locator('.page').count()).toBe(3);
    titles = await briefing.locator('.page.view figure h2').allTextContents();
    expect(titles[0]).toMatch(/by force/);
    expect(titles[1]).toMatch(/by region/);
    expect(await briefing.locator('.cover .contents li').allTextContents()).toEqual(titles);
    const title = await s.page.evaluate(() => (globalThis as any).socWorkbench.workbench.workbook.workbook.title as string);
    expect(await briefing.locator('.cover h1').textContent()).toBe(title);
    expect(await briefing.locator('.cover .sources li').allTextContents()).toEqual(['disruptions_synthetic.parquet', 'force_population_synthetic.csv']);
    expect(await briefing.locator('.page.view').first().locator('.note p').allTextContents()).toEqual(NOTE.split('\n\n'));
  });

  it('prints to PDF: A4 landscape, three pages, numbered, each with its words', async () => {
    const pdf = await s.page.pdf({ preferCSSPageSize: true, printBackground: true });
    const pages = await pdfPages(new Uint8Array(pdf));
    expect(pages).toHaveLength(3);
    const doc = await getDocument({ data: new Uint8Array(pdf) }).promise;
    const [, , w, h] = (await doc.getPage(1)).view;
    await doc.destroy();
    // A4 landscape in points: 841.9 × 595.3.
    expect([Math.round(w), Math.round(h)]).toEqual([842, 595]);
    const title = await s.page.evaluate(() => (globalThis as any).socWorkbench.workbench.workbook.workbook.title as string);
    expect(pages[0]).toContain(title);
    expect(pages[0]).toContain('Contents');
    pages.forEach((p, i) => expect(p).toContain(`Page ${i + 1} of 3`));
    // Nothing of the app behind the briefing is printed.
    expect(pages.join(' ')).not.toMatch(/Compare builder|Print or save as PDF/);
    expect(pages[1]).toContain(titles[0]);
    expect(pages[1]).toContain('Figures for 2023/24 are provisional.');
    expect(pages[1]).toContain('The <b>Met</b> changed how it records disruptions & arrests in May.');
    expect(pages[2]).toContain(titles[1]);
    expect(pages[2]).not.toContain('provisional');
  });

  it("with each view's numbers, a numbers page follows each chart, and its figures are the view's", async () => {
    const briefing = s.page.getByRole('dialog', { name: 'Print briefing' });
    await briefing.getByLabel("Each view's numbers after its chart").check();
    await briefing.locator('.page.numbers').nth(1).waitFor();
    const pages = await pdfPages(new Uint8Array(await s.page.pdf({ preferCSSPageSize: true })));
    expect(pages.length).toBeGreaterThanOrEqual(5);
    pages.forEach((p, i) => expect(p).toContain(`Page ${i + 1} of ${pages.length}`));
    // The region view's numbers: each of the ten regions, with its value as the builder's numbers table writes it.
    const regionRows = await briefing.locator('.page.numbers').nth(1).locator('tbody tr').count();
    expect(regionRows).toBe(10);
    const all = pages.join(' ');
    for (const cell of await briefing.locator('.page.numbers').nth(1).locator('tbody td').allTextContents()) expect(all).toContain(cell);
    await briefing.getByRole('button', { name: 'Close' }).click();
    await briefing.waitFor({ state: 'detached' });
  });
});
