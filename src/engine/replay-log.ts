/**
 * What the user changed with SQL, in order, so that a restarted engine can be brought back to where it was
 * (issue 17 item 5): the statements they ran that made, filled, altered or dropped something, and the tables they
 * dropped or renamed from the data panel. The files they loaded are the engine's `sources`, loaded again first.
 * Pure bookkeeping: the engine runs the entries.
 */
import { statementEffect } from '../query';

/** One step to take again after a restart. */
export type ReplayEntry = { kind: 'sql'; sql: string } | { kind: 'drop'; name: string } | { kind: 'rename'; from: string; to: string };

export class ReplayLog {
  private entries: ReplayEntry[] = [];
  /** Where an open transaction began: a ROLLBACK forgets what came after it. */
  private transactionStart: number | null = null;

  /** A statement the user ran, and that succeeded. Queries are not kept; transactions are kept only when committed. */
  ran(sql: string): void {
    switch (statementEffect(sql)) {
      case 'reads':
        return;
      case 'begin':
        this.transactionStart = this.entries.length;
        return;
      case 'commit':
        this.transactionStart = null;
        return;
      case 'rollback':
        if (this.transactionStart !== null) this.entries.length = this.transactionStart;
        this.transactionStart = null;
        return;
      case 'changes':
        this.entries.push({ kind: 'sql', sql });
    }
  }

  /** A table or view the user dropped or renamed outside SQL (the data panel). Nothing to keep when no SQL came before. */
  dropped(name: string): void {
    if (this.entries.length) this.entries.push({ kind: 'drop', name });
  }

  renamed(from: string, to: string): void {
    if (this.entries.length) this.entries.push({ kind: 'rename', from, to });
  }

  /** The steps, oldest first. */
  list(): readonly ReplayEntry[] {
    return this.entries;
  }

  /** Statements run since the last BEGIN that was not committed are not kept: the restart ended that transaction. */
  restarted(): void {
    if (this.transactionStart !== null) this.entries.length = this.transactionStart;
    this.transactionStart = null;
  }

  /** Forget one step: it failed when run again, or it stopped the engine. */
  remove(entry: ReplayEntry): void {
    this.entries = this.entries.filter((e) => e !== entry);
  }

  get size(): number {
    return this.entries.length;
  }
}

/** A step in words, for a message: the statement's first line, shortened. */
export function describeEntry(entry: ReplayEntry): string {
  if (entry.kind === 'drop') return `dropping ${entry.name}`;
  if (entry.kind === 'rename') return `renaming ${entry.from} to ${entry.to}`;
  const oneLine = entry.sql.replace(/\s+/g, ' ').trim();
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}…` : oneLine;
}
