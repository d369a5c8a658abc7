import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args';
import { UsageError } from '../../src/cli/errors';

describe('soc-workbench command line', () => {
  it('reads a render with its options, in either spelling', () => {
    expect(parseArgs(['render', 'w.workbook.json', '--data', 'files', '--out', 'pack', '--threads', '4', '--memory-limit=8GB'])).toEqual({
      command: 'render',
      workbook: 'w.workbook.json',
      data: 'files',
      out: 'pack',
      threads: 4,
      memoryLimit: '8GB',
    });
    expect(parseArgs(['render', '--db=big.duckdb', 'w.json', '--out=o'])).toEqual({ command: 'render', workbook: 'w.json', db: 'big.duckdb', out: 'o' });
  });

  it('gives the usage for no arguments or a help flag', () => {
    expect(parseArgs([])).toEqual({ command: 'help' });
    expect(parseArgs(['render', '--help'])).toEqual({ command: 'help' });
  });

  it.each([
    [['draw', 'w.json'], /unknown command "draw"/],
    [['render', '--out', 'o'], /name the workbook file/],
    [['render', 'a.json', 'b.json', '--out', 'o'], /one workbook at a time/],
    [['render', 'w.json'], /--out <folder> is needed/],
    [['render', 'w.json', '--out'], /--out needs a value/],
    [['render', 'w.json', '--out', '--data', 'x'], /--out needs a value/],
    [['render', 'w.json', '--out', 'o', '--data', 'd', '--db', 'x.duckdb'], /not both/],
    [['render', 'w.json', '--out', 'o', '--out', 'p'], /given twice/],
    [['render', 'w.json', '--out', 'o', '--threads', '0'], /--threads must be a whole number/],
    [['render', 'w.json', '--out', 'o', '--threads', '2.5'], /--threads must be a whole number/],
    [['render', 'w.json', '--out', 'o', '--memory-limit', 'lots'], /--memory-limit takes a size/],
    [['render', 'w.json', '--out', 'o', '--verbose'], /unknown option --verbose/],
  ])('refuses %j, saying why', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
