/**
 * The bench's private copy of the app, in bench/data/app/ (gitignored): the served build, then the single file
 * beside it as soc-workbench.html. Another engineer's `npm run build` empties dist/ while it runs, and the
 * single-file build as configured always writes to dist-single/ and dist/ (vite.config.ts, placeSingleFile), so the
 * bench runs that build through Vite's API with the same config minus the plugin that moves the file into dist/,
 * into a folder of its own, and does the move itself.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ConfigEnv, PluginOption, UserConfig } from 'vite';
import { appScriptLast } from '../vite.config';

/** The single file's name, in the app folder (as in dist/). */
export const SINGLE_FILE = 'soc-workbench.html';

/** Served build into `outDir` (emptied first), then the single file into `outDir/soc-workbench.html`. */
export async function buildApp(outDir: string, log: (s: string) => void): Promise<void> {
  log(`building the app into ${outDir}/ (served, then the single file)…`);
  execFileSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { stdio: 'inherit' });
  await buildSingle(outDir);
}

async function buildSingle(outDir: string): Promise<void> {
  const { build } = await import('vite');
  const mod = (await import('../vite.config')) as { default: UserConfig | ((env: ConfigEnv) => UserConfig) };
  const env: ConfigEnv = { mode: 'single', command: 'build', isSsrBuild: false, isPreview: false };
  const config = typeof mod.default === 'function' ? mod.default(env) : mod.default;
  const plugins = flatten(config.plugins ?? []).filter((p) => p.name !== 'soc:place-single-file');
  const tmp = resolve(outDir, '.single');
  await build({
    ...config,
    configFile: false,
    mode: 'single',
    logLevel: 'warn',
    plugins,
    build: { ...config.build, outDir: tmp, emptyOutDir: true },
  });
  // As placeSingleFile: the HTML and nothing else (anything more was not inlined and would not load from file://).
  const files = readdirSync(tmp, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  const html = join(tmp, SINGLE_FILE);
  const extra = files.filter((f) => f !== html);
  if (extra.length) throw new Error(`single-file build left files that were not inlined: ${extra.join(', ')}`);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, SINGLE_FILE), appScriptLast(readFileSync(html, 'utf8')));
  rmSync(tmp, { recursive: true, force: true });
  if (!existsSync(join(outDir, SINGLE_FILE))) throw new Error('single file not written');
}

type AnyPlugin = { name: string };
function flatten(p: PluginOption | PluginOption[]): AnyPlugin[] {
  if (Array.isArray(p)) return p.flatMap((x) => flatten(x));
  return p && typeof p === 'object' && 'name' in p ? [p as AnyPlugin] : [];
}
