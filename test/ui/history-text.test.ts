import { describe, expect, it } from 'vitest';
import { durationText, outcomeText, whenText } from '../../src/ui/history-text';

describe('words for the list', () => {
  it.each([
    [{ status: 'ok', rows: 1 }, '1 row'],
    [{ status: 'ok', rows: 12345 }, '12,345 rows'],
    [{ status: 'error', error: 'Parser Error: x' }, 'Error: Parser Error: x'],
    [{ status: 'cancelled' }, 'Cancelled'],
  ] as const)('%j reads %j', (outcome, text) => {
    expect(outcomeText({ id: 1, sql: '', at: '', ms: 0, ...outcome })).toBe(text);
  });

  it.each([
    [0, '0 ms'],
    [85.4, '85 ms'],
    [2440, '2.4 s'],
    [12_400, '12 s'],
    [185_000, '3 min 5 s'],
  ])('%d ms reads %j', (ms, text) => {
    expect(durationText(ms)).toBe(text);
  });

  it('says the date only when it is not today, and the year only when it is not this year', () => {
    const now = new Date(2026, 11, 3, 18, 0);
    expect(whenText(new Date(2026, 11, 3, 14, 5).toISOString(), now)).toBe('14:05');
    expect(whenText(new Date(2026, 10, 30, 9, 0).toISOString(), now)).toBe('30 Nov 09:00');
    expect(whenText(new Date(2025, 0, 2, 9, 0).toISOString(), now)).toBe('2 Jan 2025 09:00');
  });
});
