/** The app: the shell component, the Workbench state and what starts it, and the types components render. */
export { default as App } from './App.svelte';
export { Workbench } from './workbench.svelte';
export type { StartOptions } from './startup';
export { loadSamples } from './samples';
export { browserPrefs, memoryPrefs, type Prefs } from './prefs';
export { openFileStore } from './file-store';
export { openHistoryStore } from './history-store';
export { browserStore } from './browser-storage';
export type { HistoryEntry } from './sql-history';
export type { SqlHistory } from './sql-history.svelte';
export { captureOwnHtml, hasEmbedded, readEmbedded, readEmbeddedSnapshot } from './standalone';
export type { Builder } from './builder.svelte';
export type { Conflict, LoadTask, OpenedWorkbook, ReloadChoice } from './file-loads.svelte';
export type { Notice } from './notices.svelte';
export type { Presentation } from './presentation.svelte';
export type { Briefing, BriefingPage } from './briefing.svelte';
export type { Profile } from './profile-state.svelte';
export type { TableDomain, Unmatched } from './domain-state.svelte';
export type { StorageStatus } from './storage-status';
// Components render what the engine describes; they reach its types through here, never the engine itself.
export type { LoadedTable, TableInfo } from '../engine';
export { aboutAndSelfTest } from './about';
export { watchNetwork, type NetworkWatch } from './network-watch';
export type { SelfTest } from './self-test.svelte';
export type { CheckLine } from './self-test-report';
