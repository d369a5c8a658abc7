/** How a history entry reads in the SQL tab's history list: its outcome, duration and time. */
import type { HistoryEntry } from '../app';

/** How an entry's outcome reads in the list: `12 rows`, `1 row`, `Error: …`, `Cancelled`. */
export function outcomeText(e: HistoryEntry): string {
  if (e.status === 'ok') return `${(e.rows ?? 0).toLocaleString('en-GB')} ${e.rows === 1 ? 'row' : 'rows'}`;
  if (e.status === 'error') return `Error: ${e.error ?? ''}`;
  return 'Cancelled';
}

/** How long a statement took, for the list: `85 ms`, `2.4 s`, `3 min 5 s`. */
export function durationText(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** When it ran, for the list: the time today (`14:05`), else the date too (`3 Dec 14:05`), in the user's time zone. */
export function whenText(at: string, now: Date = new Date()): string {
  const d = new Date(at);
  const time = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  const sameDay = d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  if (sameDay) return time;
  const date = d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', ...(d.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }) });
  return `${date} ${time}`;
}
