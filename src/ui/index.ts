/** The components the app lays out: each renders what it is given and calls back; the app wires them to its state. */
export { default as Builder } from './Builder.svelte';
export { default as ChartView } from './ChartView.svelte';
export { default as ConflictDialog } from './ConflictDialog.svelte';
export { default as DataPanel } from './DataPanel.svelte';
export { default as DomainPanel } from './DomainPanel.svelte';
export { default as HistoryPanel } from './HistoryPanel.svelte';
export { default as LoadProgress } from './LoadProgress.svelte';
export { default as Notices } from './Notices.svelte';
export { default as Presentation } from './Presentation.svelte';
export { default as ResultChart } from './ResultChart.svelte';
export { default as ResultsGrid } from './ResultsGrid.svelte';
export { default as ShareDialog } from './ShareDialog.svelte';
export { default as SqlEditor } from './SqlEditor.svelte';
export { default as StorageStatus } from './StorageStatus.svelte';
export { default as ViewToolbar } from './ViewToolbar.svelte';
export { default as WorkbookPanel } from './WorkbookPanel.svelte';
