import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../shared/testdata/', import.meta.url));

/** Absolute path of a shared fixture, used in place; throws if it is missing rather than letting a test pass vacuously. */
export function testdataPath(rel: string): string {
  const path = root + rel;
  if (!existsSync(path)) throw new Error(`test fixture missing: ${path} (expected under ../shared/testdata/)`);
  return path;
}
