import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { indexPage } from '../../src/cli/index-page';

describe('the render index page', () => {
  const hostile = '<script>alert(1)</script> & "quoted"';
  const html = indexPage(`Pack ${hostile}`, [`From ${hostile}`], [
    { name: `View ${hostile}`, files: { SVG: '01-a b#1.svg', PNG: '01-a b#1.png' }, description: `Alt ${hostile}`, notes: [`Note ${hostile}`], summary: '43 rows, 0.12 s' },
    { name: 'Broken', error: `measure.column: ${hostile}` },
  ]);
  const { document } = parseHTML(html);

  it('shows the user\'s text as text, never as markup, and runs no script', () => {
    expect(document.querySelectorAll('script')).toHaveLength(0);
    expect(document.querySelector('h1')?.textContent).toBe(`Pack ${hostile}`);
    expect(document.querySelector('h2')?.textContent).toBe(`1. View ${hostile}`);
    expect(document.querySelector('img')?.getAttribute('alt')).toBe(`Alt ${hostile}`);
    expect(document.querySelector('.note')?.textContent).toBe(`Note ${hostile}`);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
  });

  it('links each view\'s files by their encoded names, and says why a view was not drawn', () => {
    expect(document.querySelector('img')?.getAttribute('src')).toBe('01-a%20b%231.svg');
    expect([...document.querySelectorAll('.files a')].map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['SVG', '01-a%20b%231.svg'],
      ['PNG', '01-a%20b%231.png'],
    ]);
    const sections = document.querySelectorAll('section');
    expect(sections).toHaveLength(2);
    expect(sections[1].querySelector('.error')?.textContent).toBe(`Not drawn: measure.column: ${hostile}`);
    expect(sections[1].querySelector('img')).toBeNull();
  });
});
