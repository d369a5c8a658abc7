// First, so that a browser that cannot run the app is told so (see boot.ts).
import { booted, networkWatch } from './boot';
import { App, Workbench, aboutAndSelfTest, browserPrefs, browserStore, captureOwnHtml, hasEmbedded, loadSamples, openFileStore, openHistoryStore, readEmbedded, readEmbeddedSnapshot } from './app';
import { indexedDbStore } from './workbook';
import { mount } from 'svelte';
import { Engine, defaultBundle } from './engine';
import './app/app.css';

performance.mark('soc: script ran');
// Before anything changes the page: "Save as a standalone workbench" copies the page as it was delivered.
captureOwnHtml();
const engine = new Engine({ bundle: defaultBundle() });
const workbench = new Workbench(engine, browserPrefs(), indexedDbStore(), browserStore(), openHistoryStore());
// A handle for browser tests and for diagnosing a user's problem from the console.
(globalThis as unknown as { socWorkbench: unknown }).socWorkbench = { engine, workbench };
const target = document.getElementById('app')!;
// index.html's boot text shows until now; mount() appends, so clear it first.
target.replaceChildren();
mount(App, { target, props: { workbench, selftest: aboutAndSelfTest(engine, networkWatch) } });
booted();
const kept = openFileStore();
// A refusal is told by restoreKept once the samples are in; until then the browser must not report it as unhandled.
kept.catch(() => {});
void workbench.start(loadSamples, { kept, embedded: () => readEmbedded(), hasEmbedded: hasEmbedded(), embeddedSnapshot: () => readEmbeddedSnapshot(), hash: location.hash });
