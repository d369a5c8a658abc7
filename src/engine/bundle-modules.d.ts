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
