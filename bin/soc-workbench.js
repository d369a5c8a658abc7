#!/usr/bin/env node
// `npx soc-workbench render …`: runs the command line built by `npm run build` (dist-cli/), see README "Render from the command line".
import { existsSync } from 'node:fs';

const built = new URL('../dist-cli/soc-workbench.js', import.meta.url);
if (!existsSync(built)) {
  console.error('soc-workbench: the command line is not built yet. Run `npm run build` in the SOC Workbench folder, then try again.');
  process.exit(2);
}
const { main } = await import(built.href);
process.exitCode = await main(process.argv.slice(2));
