/** Errors of the workbook layer. Each message names where the problem is and says what to do about it. */

/** A workbook (file, stored record or object) can't be read: `path` names the field, `hint` says what to do. */
export class WorkbookError extends Error {
  override name = 'WorkbookError';
  readonly path: string;
  readonly detail: string;
  readonly hint?: string;
  constructor(path: string, detail: string, hint?: string, options?: { cause?: unknown }) {
    super(`${path === '' ? '' : `${path}: `}${detail}${hint ? ` — ${hint}` : ''}`, options);
    this.path = path;
    this.detail = detail;
    this.hint = hint;
  }
}

/** A view link (URL hash) can't be read. */
export class LinkError extends Error {
  override name = 'LinkError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Why storage failed: full, not offered by this browser, holding something unreadable, or another failure. */
export type StorageFailure = 'quota' | 'unavailable' | 'corrupt' | 'failed';

/** Saving or loading in the browser's storage failed; what was saved before is untouched. */
export class StorageError extends Error {
  override name = 'StorageError';
  readonly reason: StorageFailure;
  constructor(reason: StorageFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}
