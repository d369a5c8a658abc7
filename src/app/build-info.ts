/** Which build this page is: vite.config.ts defines `__SOC_BUILD__` (scripts/build-record.ts); tests and dev get "dev". */
export interface BuildInfo {
  version: string;
  buildId: string;
  buildDate: string;
}

declare const __SOC_BUILD__: BuildInfo | undefined;

/** This page's build. */
export const BUILD: BuildInfo =
  typeof __SOC_BUILD__ === 'object' && __SOC_BUILD__ !== null
    ? __SOC_BUILD__
    : { version: 'dev', buildId: 'dev (not a published build)', buildDate: '' };
