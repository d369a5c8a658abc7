import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

// Two projects: `unit` runs pure modules in node; `browser` drives Debian's
// Chromium (playwright-core) against the built app and the real DuckDB-WASM.
export default defineConfig({
  plugins: [svelte()],
  // Node has no Worker: unit tests read workbooks in place (the builds read them in a worker; vite.config.ts).
  resolve: { alias: { 'virtual:sheet-worker': fileURLToPath(new URL('src/engine/spreadsheet/sheet-worker-node.ts', import.meta.url)) } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/browser/**'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/browser/global-setup.ts'],
          // The slowest tests took 37–55 s while six other sessions shared the 2 cores (quiet: a few seconds); the
          // hooks open the app (test/browser/harness.ts WAIT.start). Longer tests say so themselves.
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
