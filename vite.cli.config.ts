import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * The command line (`soc-workbench render`, src/cli/main.ts) as one node module, dist-cli/soc-workbench.js: the
 * app's own modules compiled for the server (runes in .svelte.ts classes become plain fields), its packages left as
 * imports from node_modules. bin/soc-workbench.js runs it.
 */
export default defineConfig({
  plugins: [svelte()],
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: 'src/cli/main.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: { output: { entryFileNames: 'soc-workbench.js' } },
  },
});
