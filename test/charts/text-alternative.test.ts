import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { labelFigure, textAlternative } from '../../src/charts/text-alternative';

const rows = [
  { force: 'Kent', value: 36.6 },
  { force: 'West Midlands', value: 81.7 },
  { force: 'Surrey', value: 20.04 },
  { force: 'Essex', value: 44.1 },
  { force: 'Dyfed-Powys', value: 12.3 },
  { force: 'Merseyside', value: 70.2 },
  { force: 'Durham', value: 55 },
  { force: 'Unknown', value: null },
];

describe('textAlternative', () => {
  it('says the title, how many values, the highlighted one, and the highest and lowest', () => {
    expect(textAlternative('Disruptions per 100,000 population by force, 2023/24', rows, { keys: ['force'], value: 'value', highlighted: (r) => r.force === 'Kent' })).toBe(
      'Disruptions per 100,000 population by force, 2023/24. 7 values. Highlighted: Kent 36.6. Highest: West Midlands 81.7, Merseyside 70.2, Durham 55. Lowest: Dyfed-Powys 12.3, Surrey 20.0, Kent 36.6.',
    );
  });

  it('lists every value, highest first, when there are few; names a series beside the dimension', () => {
    const two = [
      { force: 'Kent', year: '2023/24', value: 2 },
      { force: 'Kent', year: '2022/23', value: 5 },
    ];
    expect(textAlternative('Disruptions by year.', two, { keys: ['force', 'year'], value: 'value' })).toBe(
      'Disruptions by year. 2 values. Highest first: Kent (2022/23) 5, Kent (2023/24) 2.',
    );
    expect(textAlternative('Nothing', [{ force: 'Kent', value: null }], { keys: ['force'], value: 'value' })).toBe('Nothing. No values to show.');
  });
});

describe('labelFigure', () => {
  it('names the plot as one image described by a paragraph, and drops the mark groups’ aria-labels', () => {
    const { document } = parseHTML('<figure><h2>T</h2><svg aria-label="x"><g aria-label="rule"><line/></g><g aria-label="dot"></g></svg></figure>');
    const figure = document.querySelector('figure')!;
    labelFigure(figure, 'Disruptions by force', 'Disruptions by force. 2 values.');
    const svg = figure.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('Chart: Disruptions by force');
    expect(document.getElementById(svg.getAttribute('aria-describedby')!)?.textContent).toBe('Disruptions by force. 2 values.');
    expect(figure.querySelectorAll('g[aria-label]').length).toBe(0);
    expect([...figure.querySelectorAll('g[data-mark]')].map((g) => g.getAttribute('data-mark'))).toEqual(['rule', 'dot']);
  });
});
