/** The modules the workbook browser test drives, bundled into its page as `globalThis.wb`. */
import { standaloneSvg, svgToPng } from '../../src/charts/export';
import { parseViewSpec } from '../../src/domain/view-spec';
import { embedParquet } from '../../src/workbook/embedded';
import { StorageError } from '../../src/workbook/errors';
import { indexedDbStore } from '../../src/workbook/store';
import { addView, emptyWorkbook } from '../../src/workbook/workbook';

(globalThis as Record<string, unknown>).wb = { StorageError, addView, embedParquet, emptyWorkbook, indexedDbStore, parseViewSpec, standaloneSvg, svgToPng };
