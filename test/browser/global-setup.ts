/**
 * Browser tests run against the built app: build both outputs (`npm run build`)
 * if dist/index.html or dist/soc-workbench.html is missing or older than the
 * sources, then serve dist/ on loopback for every test file.
 */
import { execSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TestProject } from 'vitest/node';
// @ts-expect-error plain JS module without types
import { serve } from '../../scripts/serve.js';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export default async function setup(project: TestProject) {
  const outputs = ['dist/index.html', 'dist/soc-workbench.html'];
  const built = Math.min(...outputs.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  const sources = Math.max(newestMtime('src'), newestMtime('samples'), statSync('index.html').mtimeMs, statSync('vite.config.ts').mtimeMs);
  if (built < sources) execSync('npm run build', { stdio: 'inherit' });
  const { url, close } = await serve({ root: 'dist', base: '/' });
  project.provide('appUrl', url);
  project.provide('singleFileUrl', pathToFileURL(resolve('dist/soc-workbench.html')).href);
  return close;
}

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
    /** dist/soc-workbench.html as a file:// URL. */
    singleFileUrl: string;
  }
}
