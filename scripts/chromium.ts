/**
 * Debian's Chromium as every test, benchmark and screenshot script launches it (never a downloaded browser).
 * Without the background-networking flags Chromium calls Google's servers at start, which this closed network
 * refuses, many at a time.
 */
import { chromium, type Browser } from 'playwright-core';

/** The Chromium binary: Debian's, or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for headless runs as root with no network. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Launch headless Chromium with the shared flags and any extra ones. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}
