/** The workbook layer: saved views, the workbook file, view links, exports (CSV, SQL script) and persistence. */

/** A workbook that can't be read: `path`, `detail`, `hint`; message `path: detail — hint`. */
export { WorkbookError } from './errors';
/** A view link that can't be read, with what to do. */
export { LinkError } from './errors';
/** Storage failed (reason: quota | unavailable | corrupt | failed); the previous save is untouched. */
export { StorageError, type StorageFailure } from './errors';

/** Limits on a workbook file (bytes, counts, string lengths, nesting). */
export { LIMITS } from './limits';

/** The `format` string of every workbook file. */
export { WORKBOOK_FORMAT } from './workbook';
/** The workbook version this workbench writes. */
export { WORKBOOK_VERSION } from './workbook';
/** A new, empty workbook. */
export { emptyWorkbook } from './workbook';
/** Append (or insert at an index) a view; returns `{workbook, id}`. */
export { addView } from './workbook';
/** Rename a view. */
export { renameView } from './workbook';
/** Copy a view to just after it (`<name> (copy)`); returns `{workbook, id}`. */
export { duplicateView } from './workbook';
/** Move a view to a position (clamped). */
export { moveView } from './workbook';
/** Delete a view. */
export { deleteView } from './workbook';
/** Save a SQL query under a name; returns `{workbook, id}`. */
export { addQuery } from './workbook';
/** Rename a saved query. */
export { renameQuery } from './workbook';
/** Replace a saved query's SQL. */
export { updateQuery } from './workbook';
/** Delete a saved query. */
export { deleteQuery } from './workbook';
/** A name for a query about to be saved: its first comment line, else `Query n`. */
export { queryNameFrom } from './workbook';
/** An id no saved query uses (`q1`, `q2`, …). */
export { nextQueryId } from './workbook';
/** Change the title. */
export { retitle } from './workbook';
/** Switch small-number protection on (threshold, rounding) or off. */
export { withProtection } from './workbook';
/** An id no view uses (`v1`, `v2`, …). */
export { nextViewId } from './workbook';
/** The tables the views read, with their files: what to ask for when importing without data. */
export { neededTables } from './workbook';
/** A safe `<title>.workbook.json` file name. */
export { workbookFileName } from './workbook';
/** A file name safe on every file system, from a title and an extension. */
export { safeFileName } from './workbook';
/** The workbook types: Workbook, WorkbookView, SavedQuery, RoleCorrection, ValueMapping, MappingRole, NamedPeerGroup, Source, SourceKind, EmbeddedTable, NeededTable. */
export type { EmbeddedTable, MappingRole, NamedPeerGroup, NeededTable, RoleCorrection, SavedQuery, Source, SourceKind, ValueMapping, Workbook, WorkbookView } from './workbook';
/** The file name a table embedded in a workbook is loaded from (`<table>.parquet`). */
export { embeddedFileName } from './embedded';

/** What the user taught the workbench, as a workbook carries it: role corrections and value mappings. */
export type { Taught, TaughtChange, TaughtMerge } from './taught';
/** Combine the user's teaching with a workbook's, item by item; the preferred side wins where both speak. */
export { mergeTaught } from './taught';
/** The notice saying what combining applied, replaced or declined. */
export { describeMerge } from './taught';
/** A workbook's corrections also under the names its files are loaded from here (embedded tables). */
export { underLoadedNames } from './taught';
/** The canonical name of a mapping target id; the role and id a name stands for. */
export { mappingTargetName, resolveMappingTarget } from './taught';

/** Read a workbook file (text or bytes): size, UTF-8, JSON, structure, migration, schema, view specs, content. */
export { parseWorkbookFile } from './workbook-file';
/** Whether the start of a `.json` file says it is a workbook (its top-level `format`), and how much of it to read. */
export { SNIFF_BYTES, claimsWorkbook } from './sniff';
/** Validate and migrate an already-parsed object into a Workbook. */
export { parseWorkbook } from './workbook-file';
/** The workbook as file text (validated first; data last). */
export { serializeWorkbook } from './workbook-file';
/** Migrations keyed by the version they upgrade from (0 → 1 → 2 → 3). */
export { WORKBOOK_MIGRATIONS, type WorkbookMigration } from './workbook-file';

/** Embed a table's Parquet bytes (base64) in the workbook. */
export { embedParquet } from './embedded';
/** A table's embedded Parquet bytes, checked; undefined when not embedded. */
export { embeddedParquet } from './embedded';
/** Decoded bytes of all embedded data (to show the size before saving). */
export { embeddedBytes } from './embedded';
/** The workbook without embedded data. */
export { withoutData } from './embedded';

/** The hash (`#view=1.…`) carrying a view spec, compressed. */
export { encodeViewLink } from './link';
/** The view spec a hash carries, validated through parseViewSpec. */
export { decodeViewLink } from './link';
/** Whether a hash carries a view. */
export { hasViewLink } from './link';
/** Link constants: the hash key, the link encoding version, the longest link, the largest inflated spec. */
export { LINK_KEY, LINK_VERSION, MAX_LINK_CHARS, MAX_LINK_JSON_BYTES } from './link';

/** An Arrow table as CSV text for Excel (BOM, CRLF, RFC 4180, formula-like text neutralised). */
export { tableToCsv } from './csv-export';
/** The same as UTF-8 bytes, for a download. */
export { tableToCsvBytes } from './csv-export';
/** Prefix a formula-like text cell with `'`. */
export { neutraliseFormula } from './csv-export';
/** Quote one CSV field when RFC 4180 needs it (and empty text, so `""` ≠ NULL). */
export { csvField } from './csv-export';
/** CSV options: bom, neutralise. */
export type { CsvOptions } from './csv-export';

/** A `.sql` script for the DuckDB CLI: header, one view per source file, the view's query. */
export { sqlScript, type SqlScriptInput } from './sql-script';
/** The tables a view reads (its table and population lookup). */
export { viewTables } from './sql-script';
/** The script header's warning that its numbers are not protected as the workbench's were. */
export { unprotectedScriptNote } from './sql-script';
/** The table, view or macro a CREATE statement makes. */
export { createdObject } from './sql-script';
/** Text as `--` comment lines, safe against line-break injection. */
export { commentLines } from './sql-script';
/** `2026-12-01 13:10 UTC`. */
export { utcStamp } from './sql-script';

/** Where the workbook autosaves: `load()` and `save(w)`. */
export type { WorkbookStore } from './store';
/** The IndexedDB store (one atomic transaction per save). */
export { indexedDbStore } from './store';
/** An in-memory store, with an optional quota for tests. */
export { memoryStore } from './store';
/** Map a storage exception to a StorageError with a user-facing message. */
export { toStorageError } from './store';
export { done, request } from './idb';
export type { ExportCell, ExportNotes, ExportSheet } from './xlsx-rows';
export { tableToSheets } from './xlsx-rows';
