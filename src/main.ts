import { mount } from 'svelte';
import App from './app/App.svelte';
import { Workbench } from './app/workbench.svelte';
import { loadSamples } from './app/samples';
import { Engine, defaultBundle } from './engine';
import './app/app.css';

const engine = new Engine({ bundle: defaultBundle() });
const workbench = new Workbench(engine);
// A handle for browser tests and for diagnosing a user's problem from the console.
(globalThis as unknown as { socWorkbench: unknown }).socWorkbench = { engine, workbench };
mount(App, { target: document.getElementById('app')!, props: { workbench } });
void workbench.start(loadSamples);
