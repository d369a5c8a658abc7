/**
 * The `soc-workbench` command (bin/soc-workbench.js runs the build of this file). Exit status: 0 when every view was
 * drawn, 1 when one or more were not (the others are written), 2 for a command line or input it could not use.
 */
import { errorMessage } from '../domain';
import { parseArgs, USAGE } from './args';
import { RenderError, UsageError } from './errors';
import { render } from './render';

/** Run the command with `argv` (no node, no script); returns the exit status. */
export async function main(argv: readonly string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
  let command;
  try {
    command = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`soc-workbench: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (command.command === 'help') {
    out(USAGE);
    return 0;
  }
  try {
    const summary = await render(command, out);
    const failed = summary.views.filter((v) => v.error).length;
    out(`${summary.views.length - failed} of ${summary.views.length} views drawn in ${(summary.totalMs / 1000).toFixed(1)} s (loading and recognising ${(summary.loadMs / 1000).toFixed(1)} s); open ${command.out}/index.html`);
    return failed ? 1 : 0;
  } catch (e) {
    err(`soc-workbench render: ${e instanceof RenderError ? e.message : errorMessage(e)}`);
    return 2;
  }
}
