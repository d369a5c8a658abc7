/**
 * Files into tables: the samples, the files kept from last session, and the ones the user picks or drops — one after
 * another, asking about name clashes, with progress and cancel; each loaded file is kept for next time and
 * remembered, so it can be read again with other load options.
 */
import { CancelledError, EngineError, LoadError, isSpreadsheetFile, sheetTableName, tableNameFromFile, type Engine, type LoadedTable, type LoadedWorkbook, type LoadProgress, type SourceFile, type TableInfo } from '../engine';
import { checkSheetOptions, errorMessage, hasSheetOptions, type CsvLoadOptions, type SheetLoadOptions } from '../domain';
import { SNIFF_BYTES, claimsWorkbook } from '../workbook';
import type { FileStore } from './file-store';
import { keptToken } from './snapshots';
import type { Notify } from './notices.svelte';

/** A file being loaded, with its progress. */
export interface LoadTask {
  id: number;
  file: string;
  progress: LoadProgress | null;
}

/** A workbook opened this session: its file and the sheets it holds that are not tables (listed in the data panel). */
export interface OpenedWorkbook {
  file: string;
  notLoaded: LoadedWorkbook['notLoaded'];
}

/** What Load options… asks for: a CSV read again with these options, or a sheet's table read where the user says it is. */
export type ReloadChoice = { csv: CsvLoadOptions } | { sheet: SheetLoadOptions };

/** A question the user must answer before a load goes on. */
export interface Conflict {
  file: string;
  table: string;
  /**
   * 'workbook-data': the workbook `file` carries its own copy of `table`. Keeping both is not offered: its views name
   * the table, so they draw from whichever copy keeps the name ('cancel' keeps the loaded one).
   * 'spreadsheet': `file` is a workbook whose tables (`count`, `table` the first) are loaded from an earlier opening.
   */
  kind?: 'workbook-data' | 'spreadsheet';
  /** How many tables clash ('spreadsheet'). */
  count?: number;
  answer: (choice: 'replace' | 'keep-both' | 'cancel') => void;
}

/** What file loading needs from the workbench. */
export interface FileLoadsDeps {
  engine: Engine;
  tables(): readonly TableInfo[];
  /** Re-read the engine's tables after a load. */
  refresh(): Promise<void>;
  notify: Notify;
  /**
   * Open a workbook file (which is not a table). `unclaimed`: the user chose it as a workbook but neither its name nor
   * its start says it is one, so a refusal says what it is not and where data files go.
   */
  openWorkbook(file: SourceFile, opts?: { unclaimed?: boolean }): Promise<void>;
  /** Show the table just loaded in the compare builder: that is what the user came to see. */
  opened?(table: string): Promise<void>;
}

let nextTaskId = 1;

/** Loads in progress, the clash question on screen, and the files behind the tables. */
export class FileLoads {
  loads = $state<LoadTask[]>([]);
  conflict = $state<Conflict | null>(null);
  /** Files whose load has finished this session, loaded or refused. */
  settled = $state(0);
  /** Workbooks opened, newest last: the data panel groups their tables and lists their other sheets. */
  workbooks = $state<OpenedWorkbook[]>([]);
  private chain: Promise<void> = Promise.resolve();
  /** Where the user's loaded files are kept for the next session, when the browser allows. */
  private kept: FileStore | undefined;
  /**
   * Per table (lower case), the kept copy it was read from, as a snapshot input (snapshot.ts): the same bytes read
   * the same way next session. A table read with options the user chose, or not kept, has none.
   */
  private readonly keptAs = new Map<string, string>();
  /** The files behind loaded tables, so they can be read again with other load options. */
  private readonly files = new Map<string, SourceFile>();
  /** The file behind each opened workbook, by its name: a sheet that was not loaded can be loaded from it later. */
  private readonly workbookFiles = new Map<string, SourceFile>();

  constructor(private readonly deps: FileLoadsDeps) {}

  /** Load the samples, replacing tables of the same names. */
  async loadSamples(samples: () => Promise<SourceFile[]>): Promise<void> {
    try {
      for (const s of await samples()) this.files.set((await this.deps.engine.loadFile(s, { replace: true })).table, s);
    } catch (e) {
      this.deps.notify('error', `The sample data could not be loaded: ${errorMessage(e)}`);
    }
  }

  /**
   * Load files the user picked or dropped, one after another, asking about
   * name clashes. A second drop waits for the first, so its clash check sees
   * the tables the first one made.
   */
  load(files: Iterable<SourceFile>, opts: { as?: 'workbook' } = {}): Promise<void> {
    const list = [...files];
    this.chain = this.chain.then(() => this.loadInOrder(list, opts.as));
    return this.chain;
  }

  private async loadInOrder(files: SourceFile[], as?: 'workbook'): Promise<void> {
    for (const file of files) {
      const claimed = await claimsToBeWorkbook(file);
      // A file chosen as a workbook is opened as one or refused, never loaded as a table in silence (issue 17 item 6).
      if (claimed || as === 'workbook') {
        try {
          await this.deps.openWorkbook(file, { unclaimed: !claimed });
        } finally {
          this.settled++;
        }
        continue;
      }
      if (isSpreadsheetFile(file.name)) {
        // The same workbook again (an updated edition, most often): replace its tables, or keep both.
        const earlier = this.deps.tables().filter((t) => t.source?.sheet && t.source.file === file.name).map((t) => t.name);
        let replace: string[] = [];
        if (earlier.length) {
          const choice = await this.ask(file.name, earlier[0], { kind: 'spreadsheet', count: earlier.length });
          if (choice === 'cancel') {
            this.settled++;
            continue;
          }
          if (choice === 'replace') replace = earlier;
        }
        await this.loadWorkbook(file, replace);
        continue;
      }
      const table = tableNameFromFile(file.name);
      let replace = false;
      if (this.deps.tables().some((t) => t.name.toLowerCase() === table.toLowerCase())) {
        const choice = await this.ask(file.name, table);
        if (choice === 'cancel') {
          this.settled++;
          continue;
        }
        replace = choice === 'replace';
      }
      await this.tracked(file, async (onProgress) => {
        const loaded = await this.deps.engine.loadFile(file, { replace, onProgress });
        this.files.set(loaded.table, file);
        this.deps.notify('info', describeLoad(loaded));
        await this.keep([loaded.table], file);
        return loaded.table;
      });
    }
  }

  /**
   * One load as the user sees it: a task with progress while it runs, a notice if it fails or is cancelled, then the
   * table list refreshed and the table it made (if any) opened in the builder. `work` returns that table's name.
   */
  private async tracked(file: SourceFile, work: (onProgress: (p: LoadProgress) => void) => Promise<string | undefined>): Promise<void> {
    const task: LoadTask = { id: nextTaskId++, file: file.name, progress: null };
    let opened: string | undefined;
    this.loads.push(task);
    try {
      opened = await work((p) => {
        const t = this.loads.find((l) => l.id === task.id);
        if (t) t.progress = p;
      });
    } catch (e) {
      if (e instanceof CancelledError) this.deps.notify('info', `${file.name}: loading cancelled; nothing was added.`);
      else this.deps.notify('error', loadFailure(file.name, e));
    } finally {
      this.loads = this.loads.filter((l) => l.id !== task.id);
    }
    await this.deps.refresh();
    if (opened) await this.deps.opened?.(opened);
    this.settled++;
  }

  /**
   * A workbook: every data sheet becomes a table, named after the file and the sheet and never replacing one (its
   * names are made unique). The file is kept once, under its first table's name: a reload loads the whole workbook
   * again, and dropping that first table forgets the file.
   */
  private loadWorkbook(file: SourceFile, replace: readonly string[]): Promise<void> {
    return this.tracked(file, async (onProgress) => {
      const loaded = await this.deps.engine.loadWorkbook(file, { onProgress, replace });
      // An earlier table the new edition did not make again is gone: forget its file too.
      for (const t of replace.filter((t) => !loaded.tables.some((x) => x.table === t))) {
        this.files.delete(t);
        await this.dropped(t);
      }
      for (const t of loaded.tables) this.files.set(t.table, file);
      this.opened(loaded, file);
      this.deps.notify(loaded.tables.length ? 'info' : 'error', describeWorkbook(loaded));
      const first = loaded.tables[0]?.table;
      if (first) await this.keep(loaded.tables.map((t) => t.table), file);
      return first;
    });
  }

  private opened(w: LoadedWorkbook, file: SourceFile): void {
    this.workbooks = [...this.workbooks.filter((x) => x.file !== w.file), { file: w.file, notLoaded: w.notLoaded }];
    this.workbookFiles.set(w.file, file);
  }

  /**
   * Load anyway a sheet the reader did not take for a table (a contents, notes or cover sheet, or one where it found
   * none): every cell it uses, the header on its first filled row, as `<file>_<sheet>`. The user narrows it down with
   * Load options… as for any sheet's table; the sheet leaves the workbook's "not loaded" list.
   */
  async loadSheetAnyway(workbook: string, sheet: string): Promise<void> {
    const file = this.workbookFiles.get(workbook);
    const listed = this.workbooks.find((w) => w.file === workbook)?.notLoaded.find((s) => s.sheet === sheet);
    if (!file || !listed) return this.deps.notify('error', `${workbook}: sheet "${sheet}" is not one this session can load; open the workbook again.`);
    if (!listed.cells) return this.deps.notify('error', `${workbook}: sheet "${sheet}" is empty, so there is nothing to load.`);
    const cells = listed.cells;
    await this.tracked(file, async (onProgress) => {
      const loaded = await this.deps.engine.loadFile(file, { table: sheetTableName(file.name, sheet), onProgress, sheet: { sheet, block: 0, options: { range: cells } } });
      this.files.set(loaded.table, file);
      this.workbooks = this.workbooks.map((w) => (w.file === workbook ? { ...w, notLoaded: w.notLoaded.filter((s) => s.sheet !== sheet) } : w));
      this.deps.notify('info', describeLoad(loaded));
      return loaded.table;
    });
  }

  /** Where loaded files are kept, once restoreKept has opened it (undefined when the browser keeps none). */
  get keptStore(): FileStore | undefined {
    return this.kept;
  }

  /** Load again the files kept from the last session, under the names their tables had. */
  async restoreKept(kept: Promise<FileStore> | undefined): Promise<void> {
    this.kept = await kept?.catch((e) => {
      this.deps.notify('error', errorMessage(e));
      return undefined;
    });
    let files: Awaited<ReturnType<FileStore['list']>> = [];
    try {
      files = (await this.kept?.list()) ?? [];
    } catch (e) {
      this.deps.notify('error', `The files kept from last time could not be read: ${errorMessage(e)}. Open them again.`);
    }
    const restored: string[] = [];
    for (const f of files) {
      try {
        if (isSpreadsheetFile(f.name)) {
          // A workbook is kept once for all its tables (see loadWorkbook): load every one of them again.
          const loaded = await this.deps.engine.loadWorkbook({ name: f.name, blob: f.blob });
          this.opened(loaded, { name: f.name, blob: f.blob });
          for (const t of loaded.tables) (this.files.set(t.table, { name: f.name, blob: f.blob }), restored.push(t.table), this.keptAs.set(t.table.toLowerCase(), keptToken(f)));
          continue;
        }
        await this.deps.engine.loadFile({ name: f.name, blob: f.blob }, { table: f.table, replace: true });
        this.files.set(f.table, { name: f.name, blob: f.blob });
        this.keptAs.set(f.table.toLowerCase(), keptToken(f));
        restored.push(f.table);
      } catch (e) {
        this.deps.notify('error', `${loadFailure(f.name, e)} (kept from last time; open it again if you still need it).`);
      }
    }
    if (restored.length) this.deps.notify('info', `Restored ${restored.length === 1 ? 'a table' : `${restored.length} tables`} from files kept in this browser: ${restored.join(', ')}. Drop a table to forget its file.`);
  }

  /** Keep a loaded file (which made `tables`, kept under the first) for next time; a refusal is said, never fatal. */
  private async keep(tables: readonly string[], file: SourceFile): Promise<void> {
    for (const t of tables) this.keptAs.delete(t.toLowerCase());
    try {
      const savedAt = await this.kept?.put(tables[0], file);
      if (savedAt) for (const t of tables) this.keptAs.set(t.toLowerCase(), keptToken({ name: file.name, blob: file.blob, savedAt }));
    } catch (e) {
      this.deps.notify('info', errorMessage(e));
    }
  }

  /** The kept copy a table was read from, as a snapshot input; undefined when next session would not read the same. */
  keptInput(table: string): string | undefined {
    return this.keptAs.get(table.toLowerCase());
  }

  /**
   * Read a loaded table's file again with the load options the user chose: a CSV with its options, a sheet's table
   * from the header row and cells they name (empty options: found as at first). The table keeps its name; when a
   * sheet's new reading fails, the table is read again as it was, so a wrong range costs a message, not the table.
   */
  async reload(table: string, choice: ReloadChoice): Promise<void> {
    const file = this.files.get(table);
    if (!file) return this.deps.notify('error', `${table} was not loaded from a file this session, so it cannot be read again.`);
    const before = this.deps.tables().find((t) => t.name === table)?.source?.sheet;
    // Read with the user's options, which the kept copy does not carry: next session's table may differ.
    this.keptAs.delete(table.toLowerCase());
    try {
      let loaded: LoadedTable;
      if ('csv' in choice) loaded = await this.deps.engine.loadFile(file, { table, replace: true, csv: choice.csv });
      else {
        if (!before) return this.deps.notify('error', `${table} is not a sheet's table, so it has no sheet options.`);
        const options = hasSheetOptions(choice.sheet) ? { options: checkSheetOptions(choice.sheet) } : {};
        loaded = await this.deps.engine.loadFile(file, { table, replace: true, sheet: { sheet: before.sheet, block: before.block, ...options } });
      }
      this.deps.notify('info', describeLoad(loaded));
    } catch (e) {
      const failed = e instanceof RangeError ? `${file.name}: ${e.message}` : loadFailure(file.name, e);
      const restored = before && 'sheet' in choice && !(e instanceof RangeError) && (await this.deps.engine.loadFile(file, { table, replace: true, sheet: before }).then(() => true, () => false));
      this.deps.notify('error', restored ? `${failed} ${table} is as it was.` : failed);
    }
    await this.deps.refresh();
  }

  /** A table was dropped: its kept file is forgotten. */
  async dropped(table: string): Promise<void> {
    this.keptAs.delete(table.toLowerCase());
    await this.kept?.remove(table).catch((e) => {
      this.deps.notify('error', `${table} was dropped, but its kept file could not be forgotten (${errorMessage(e)}): it comes back after a reload. Drop it again then, or clear this site's data in the browser's settings.`);
    });
  }

  /** A table was renamed: its kept file and source follow it. */
  async renamed(table: string, to: string): Promise<void> {
    // Renamed, the kept copy is restored under the new name; its moment of keeping is unchanged.
    const token = this.keptAs.get(table.toLowerCase());
    this.keptAs.delete(table.toLowerCase());
    if (token) this.keptAs.set(to.toLowerCase(), token);
    await this.kept?.rename(table, to).catch((e) => {
      this.deps.notify('error', `${table} was renamed to ${to}, but its kept file could not follow (${errorMessage(e)}): after a reload it comes back as ${table}. Rename it again then.`);
    });
    const file = this.files.get(table);
    if (file) {
      this.files.delete(table);
      this.files.set(to, file);
    }
  }

  /** Whether the copy of `table` inside the workbook `file` may replace the loaded table of that name. */
  async mayReplaceWithWorkbookData(file: string, table: string): Promise<boolean> {
    return (await this.ask(file, table, { kind: 'workbook-data' })) === 'replace';
  }

  private ask(file: string, table: string, about: Pick<Conflict, 'kind' | 'count'> = {}): Promise<'replace' | 'keep-both' | 'cancel'> {
    return new Promise((resolve) => {
      this.conflict = {
        file,
        table,
        ...about,
        answer: (choice) => {
          this.conflict = null;
          resolve(choice);
        },
      };
    });
  }
}

/** Workbook files are opened as workbooks, not loaded as tables. */
export function isWorkbookFile(name: string): boolean {
  return /\.workbook\.json$/i.test(name) || /\.socwb$/i.test(name);
}

/**
 * Whether a file says it is a workbook: by its name, or — a workbook saved or renamed as plain `.json` — by the
 * `format` field at its start. It is then validated as a workbook; everything else is data.
 */
export async function claimsToBeWorkbook(file: SourceFile): Promise<boolean> {
  if (isWorkbookFile(file.name)) return true;
  if (!/\.json$/i.test(file.name)) return false;
  let head: string;
  try {
    head = await file.blob.slice(0, SNIFF_BYTES).text();
  } catch {
    return false; // unreadable: the data loader says why, naming the file
  }
  return claimsWorkbook(head);
}

function loadFailure(file: string, e: unknown): string {
  if (e instanceof LoadError) return `Could not load ${e.message}`;
  if (e instanceof EngineError) return `Could not load ${file}: ${e.message}`;
  return `Could not load ${file}: ${errorMessage(e)}`;
}

function describeLoad(l: LoadedTable): string {
  const rows = l.rows >= 0 ? `${l.rows.toLocaleString('en-GB')} rows` : 'rows counted when queried';
  return `Loaded ${l.file} as ${l.table} (${rows}; ${l.modeReason}). ${l.report.join(' ')}`.trim();
}

const NOT_DATA: Record<LoadedWorkbook['notLoaded'][number]['kind'], string> = {
  cover: 'cover',
  contents: 'contents',
  notes: 'notes',
  empty: 'empty',
  'no-table': 'no table found',
};

function describeWorkbook(w: LoadedWorkbook): string {
  const rows = w.tables.reduce((n, t) => n + Math.max(0, t.rows), 0);
  const head = w.tables.length
    ? `Loaded ${w.file}: ${w.tables.length} ${w.tables.length === 1 ? 'table' : 'tables'} (${rows.toLocaleString('en-GB')} rows), one per data sheet: ${w.tables.map((t) => t.table).join(', ')}.`
    : `${w.file}: no sheet holds a table, so nothing was loaded.`;
  const skipped = w.notLoaded.length ? ` Not loaded, not data: ${w.notLoaded.map((s) => `"${s.sheet}" (${NOT_DATA[s.kind]})`).join(', ')}.` : '';
  const first = w.tables[0] ? ` ${w.tables[0].table}: ${w.tables[0].report.join(' ')}` : '';
  return `${head}${skipped}${first}`.trim();
}
