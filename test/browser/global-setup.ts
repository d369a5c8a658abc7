/**
 * Browser tests run against the built app: build once if dist/ is missing or
 * older than the sources, then serve it on loopback for every test file.
 */
import { execSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
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
  const built = existsSync('dist/index.html') ? statSync('dist/index.html').mtimeMs : 0;
  const sources = Math.max(newestMtime('src'), newestMtime('samples'), statSync('index.html').mtimeMs, statSync('vite.config.ts').mtimeMs);
  if (built < sources) execSync('npx vite build', { stdio: 'inherit' });
  const { url, close } = await serve({ root: 'dist', base: '/' });
  project.provide('appUrl', url);
  return close;
}

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
  }
}
