/** The workbook layer: saved views, the workbook file, view links, exports (CSV, SQL script) and persistence. */
export { LinkError, StorageError, WorkbookError, type StorageFailure } from './errors';
export { LIMITS } from './limits';
export {
  WORKBOOK_FORMAT,
  WORKBOOK_VERSION,
  addView,
  deleteView,
  duplicateView,
  emptyWorkbook,
  moveView,
  neededTables,
  nextViewId,
  renameView,
  retitle,
  workbookFileName,
  type EmbeddedTable,
  type NamedPeerGroup,
  type NeededTable,
  type RoleCorrection,
  type Source,
  type SourceKind,
  type ValueMapping,
  type Workbook,
  type WorkbookView,
} from './workbook';
export { WORKBOOK_MIGRATIONS, parseWorkbook, parseWorkbookFile, serializeWorkbook, type WorkbookMigration } from './workbook-file';
export { embedParquet, embeddedBytes, embeddedParquet, withoutData } from './embedded';
export { LINK_KEY, LINK_VERSION, MAX_LINK_CHARS, MAX_LINK_JSON_BYTES, decodeViewLink, encodeViewLink, hasViewLink } from './link';
export { csvField, neutraliseFormula, tableToCsv, tableToCsvBytes, type CsvOptions } from './csv-export';
export { commentLines, sqlScript, utcStamp, viewTables, type SqlScriptInput } from './sql-script';
export { indexedDbStore, memoryStore, toStorageError, type WorkbookStore } from './store';
