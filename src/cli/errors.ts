/** Errors of the command line, each naming what it is about (a file, a view, an option) and what to do. */

/** Something the render could not do; `where` is the file, view or option it is about. */
export class RenderError extends Error {
  override name = 'RenderError';
  constructor(
    readonly where: string,
    readonly detail: string,
    readonly hint?: string,
    options?: ErrorOptions,
  ) {
    super(`${where}: ${detail}${hint ? `. ${hint[0].toUpperCase()}${hint.slice(1)}.` : ''}`, options);
  }
}

/** The command line was not understood; the message says how it is used. */
export class UsageError extends Error {
  override name = 'UsageError';
}
