/**
 * Issue 18 item 4: the workbench with the keyboard alone. After the page loads, only `page.keyboard` acts (Tab,
 * Shift+Tab, Enter, arrow keys, Escape): no click and no focus() from the test. A user opens a police file through
 * the file chooser, changes the comparison in the Compare builder, saves the view, exports the chart as PNG,
 * presents and leaves the presentation with Escape. Every element focus stops on is checked: focused by keyboard
 * (`:focus-visible`), drawn with a focus indicator (an outline or box-shadow), and not hidden behind anything.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { WAIT, closeBrowser, drawnTitle, openApp, type AppSession } from './harness';
import { testdataPath } from '../helpers/testdata';

const CSV = testdataPath('police/home-office/officer_fte_by_force_region_2019.csv');
const TABLE = 'officer_fte_by_force_region_2019';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The focused element as a user meets it: its role, accessible name and whether focus on it can be seen. */
interface Focused {
  /** Which element, numbered the first time the test meets it (two buttons may share a name). */
  id: number;
  tag: string;
  role: string;
  name: string;
  /** Inside the element with this aria-label (a dialog, region or toolbar), if any. */
  within: string;
  focusVisible: boolean;
  /** Where the indicator was found: `outline` or `box-shadow`, on the element or (a hidden file input) its label. */
  indicator: string | null;
  /** The element (or its label) is what the browser finds at its own centre: nothing covers it. */
  unobscured: boolean;
}

/** Describe `document.activeElement`; computed in the page, from the DOM and computed styles only. */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const none: Focused = { id: 0, tag: 'none', role: '', name: '', within: '', focusVisible: false, indicator: null, unobscured: false };
    if (!el || el === document.body) return { ...none, tag: el ? 'body' : 'none' };
    const g = globalThis as any;
    const seen: WeakMap<Element, number> = (g.__focusIds ??= new WeakMap());
    if (!seen.has(el)) seen.set(el, (g.__focusNext = (g.__focusNext ?? 0) + 1));
    const text = (n: Element | null | undefined) => (n?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const control = el as HTMLInputElement;
    const label = control.labels?.[0];
    const labelledby = el.getAttribute('aria-labelledby');
    const name =
      el.getAttribute('aria-label') ??
      (labelledby ? labelledby.split(/\s+/).map((id) => text(document.getElementById(id))).join(' ') : null) ??
      (label ? text(label) : null) ??
      (text(el) || el.getAttribute('title') || '');
    const implicit: Record<string, string> = { BUTTON: 'button', SELECT: 'combobox', A: 'link', TEXTAREA: 'textbox' };
    const role =
      el.getAttribute('role') ??
      (el.tagName === 'INPUT' ? (control.type === 'checkbox' ? 'checkbox' : control.type === 'file' ? 'file' : 'textbox') : implicit[el.tagName] ?? el.tagName.toLowerCase());
    // A file input is drawn by its label (the input is transparent over it): the label carries the indicator.
    const shown = getComputedStyle(el).opacity === '0' && label ? label : el;
    const style = getComputedStyle(shown);
    const indicator =
      style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
        ? `outline ${style.outlineStyle} ${style.outlineWidth}`
        : style.boxShadow !== 'none'
          ? `box-shadow ${style.boxShadow}`
          : null;
    const r = shown.getBoundingClientRect();
    const hit = r.width > 0 && r.height > 0 ? document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) : null;
    const unobscured = !!hit && (shown.contains(hit) || hit === el);
    const within = el.closest('[aria-label]:not(button):not(input):not(select)')?.getAttribute('aria-label') ?? '';
    return { id: seen.get(el)!, tag: el.tagName.toLowerCase(), role, name, within, focusVisible: el.matches(':focus-visible'), indicator, unobscured };
  });
}

const show = (f: Focused) => `${f.role} "${f.name.slice(0, 60)}"${f.within ? ` in ${f.within}` : ''}`;

/** Fail unless focus on `f` can be seen: reached by keyboard, drawn with an indicator, not covered. */
function expectVisibleFocus(f: Focused): void {
  expect(f.focusVisible, `${show(f)} does not match :focus-visible`).toBe(true);
  expect(f.indicator, `${show(f)} has no outline or box-shadow when focused`).not.toBeNull();
  expect(f.unobscured, `${show(f)} is covered by another element`).toBe(true);
}

/**
 * Press Tab (Shift+Tab with `back`) until the focused element matches; every stop on the way must move focus and
 * show it. Fails with the elements visited when `max` presses do not reach it.
 */
async function tabTo(page: Page, want: (f: Focused) => boolean, max: number, opts: { back?: boolean } = {}): Promise<Focused> {
  const visited: string[] = [];
  let previous = -1;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    const here = show(f);
    visited.push(here);
    expect(f.id, `Tab did not move focus from ${here}: a trap`).not.toBe(previous);
    previous = f.id;
    if (f.tag === 'body' || f.tag === 'none') continue; // past the end of the document, the next Tab starts again
    expectVisibleFocus(f);
    if (want(f)) return f;
  }
  throw new Error(`not reached in ${max} presses of ${opts.back ? 'Shift+Tab' : 'Tab'}; visited:\n  ${visited.join('\n  ')}`);
}

const named = (role: string, name: string | RegExp) => (f: Focused) => f.role === role && (typeof name === 'string' ? f.name === name : name.test(f.name));

let app: AppSession;
beforeAll(async () => {
  app = await openApp();
});
afterAll(async () => {
  await app?.close();
  await closeBrowser();
});

describe('the workbench with the keyboard alone (issue 18 item 4)', () => {
  it('opens a file, builds and saves a view, exports a PNG, presents and leaves', async () => {
    const { page } = app;
    // Reads the app's state (never changes it): `w` is the workbench.
    const state = <T>(expr: string) => page.evaluate(`(w => ${expr})(globalThis.socWorkbench.workbench)`) as Promise<T>;

    // Open files: Tab to the picker, Enter opens the system's file chooser. Playwright takes over the chooser only
    // once it listens for one, which takes a round trip to the browser: listen before any key is pressed.
    const chooser = page.waitForEvent('filechooser', { timeout: WAIT.load });
    await tabTo(page, named('file', 'Open files'), 10);
    const settled = await state<number>('w.filesSettled');
    await page.keyboard.press('Enter');
    await (await chooser).setFiles(CSV);
    await page.waitForFunction((n) => (globalThis as any).socWorkbench.workbench.filesSettled > n, settled, { timeout: WAIT.load });
    await page.locator(`[data-table=${TABLE}]`).waitFor();
    await expect(state<string>('w.builder.spec.table')).resolves.toMatch(new RegExp(`^${TABLE}`)); // the table or a view made of it
    const first = await drawnTitle(page);
    expectVisibleFocus(await focused(page));

    // The builder: Tab forward to Comparison, change it with the arrow keys.
    await tabTo(page, (f) => f.role === 'combobox' && f.name.startsWith('Comparison'), 60);
    const before = await state<string>('w.builder.spec.comparison.kind');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction((k) => (globalThis as any).socWorkbench.workbench.builder.spec.comparison.kind !== k, before);
    const after = await state<string>('w.builder.spec.comparison.kind');
    const title = await drawnTitle(page);
    expect(title, `the comparison went from ${before} to ${after}`).not.toBe(first);
    expectVisibleFocus(await focused(page));

    // Save view.
    await tabTo(page, named('button', 'Save view'), 40);
    await page.keyboard.press('Enter');
    await page.locator('section[aria-label="Workbook"] li[data-view]').first().waitFor();
    await expect(state<string>('w.workbook.workbook.views[0].spec.comparison.kind')).resolves.toBe(after);
    expectVisibleFocus(await focused(page));

    // PNG: the chart's own export buttons.
    await tabTo(page, (f) => f.role === 'button' && f.name === 'PNG' && f.within === 'Export the chart', 30);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT.draw }), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toMatch(/\.png$/);
    const bytes = readFileSync(await download.path());
    expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(bytes.length).toBeGreaterThan(1000);
    expectVisibleFocus(await focused(page));

    // Present: back with Shift+Tab to the workbook panel's Present button.
    const present = await tabTo(page, (f) => named('button', 'Present')(f) && f.within === 'Workbook', 120, { back: true });
    await page.keyboard.press('Enter');
    const deck = page.getByRole('dialog', { name: 'Presentation' });
    await deck.locator('figure h2').waitFor({ timeout: WAIT.draw });
    await expect(deck.locator('figure h2').textContent()).resolves.toBe(title);
    const onDeck = await focused(page);
    expect(onDeck.role).toBe('dialog');
    expectVisibleFocus(onDeck);
    // Tab stays in the deck (everything behind it is covered); Escape leaves from anywhere in it.
    await tabTo(page, (f) => named('button', 'Close')(f) && f.within === 'Presentation', 1);
    for (const key of ['Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      const f = await focused(page);
      expect(f.within, `${key} left the presentation for ${show(f)}`).toBe('Presentation');
      expectVisibleFocus(f);
    }
    await page.keyboard.press('Escape');
    await deck.waitFor({ state: 'detached' });
    const back = await focused(page);
    expect(back.id, `focus returns to the button that started the presentation, not ${show(back)}`).toBe(present.id);
    expectVisibleFocus(back);
    // And Tab goes on from there.
    await tabTo(page, () => true, 1);

    // Close, pressed with Enter, leaves too (Enter on the deck itself is "next slide").
    await tabTo(page, (f) => f.id === present.id, 1, { back: true });
    await page.keyboard.press('Enter');
    await deck.locator('figure h2').waitFor({ timeout: WAIT.draw });
    await tabTo(page, (f) => named('button', 'Close')(f) && f.within === 'Presentation', 1);
    await page.keyboard.press('Enter');
    await deck.waitFor({ state: 'detached' });
    expect((await focused(page)).id).toBe(present.id);
  }, 120_000);
});
