// Modules made by vite.config.ts's plugins.

declare module 'virtual:engine-bundle' {
  /** The engine's worker and wasm for this build (files, or inlined into the single file). */
  export function defaultBundle(): import('./bundle').EngineBundle;
}

declare module '*?embed-gzip' {
  /** The id of the page's data block holding the file, gzip-compressed at build time, as base64. */
  const elementId: string;
  export default elementId;
}

declare module 'virtual:sheet-worker' {
  /** Read a workbook as this build does: in a worker (served, single file), or in place (node). */
  export function readWorkbookIn(bytes: Uint8Array, name: string, opts?: import('./spreadsheet/read-off-thread').ReadOptions): Promise<import('./spreadsheet/read-workbook').WorkbookReading>;
  /** Write sheets as .xlsx, in the same place. */
  export function writeWorkbookIn(sheets: import('./spreadsheet/write-workbook').SheetToWrite[]): Promise<Uint8Array>;
}

declare module '*?worker-code' {
  /** The module bundled with its imports into one classic worker script, as text. */
  const code: string;
  export default code;
}

declare module '*?worker-gzip' {
  /** The id of the page's data block holding the bundled worker script, gzip-compressed, as base64. */
  const elementId: string;
  export default elementId;
}
