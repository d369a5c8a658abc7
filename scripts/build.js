// `npm run build`: the served folder, then the single file, under one build id and date (so both say the same in
// About and the record beside the single file names the build the page shows), then the command line (dist-cli/,
// `soc-workbench render`). Plain JS: it runs before anything.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
const env = { ...process.env };
env.SOC_BUILD_DATE ??= new Date().toISOString();
for (const args of [['build'], ['build', '--mode', 'single'], ['build', '--config', 'vite.cli.config.ts']]) {
  const run = spawnSync(process.execPath, [vite, ...args], { stdio: 'inherit', env });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
