/** The messages the workbench shows the user: confirmations that fade, errors that stay until closed. */
import { errorMessage } from '../domain';

/** A message for the user: errors are shown with role="alert". */
export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

/** How the parts of the workbench tell the user something. */
export type Notify = (kind: Notice['kind'], text: string) => void;

/** How long a confirmation ("Saved …", "Loaded …") stays on screen. */
export const INFO_NOTICE_MS = 15_000;

/** Most notices on screen at once: a sixth pushes out the oldest. */
const MAX_NOTICES = 5;

let nextId = 1;

/** The notices on screen, newest last. */
export class Notices {
  list = $state<Notice[]>([]);

  /** Show a notice; an info notice fades after INFO_NOTICE_MS. */
  notify(kind: Notice['kind'], text: string): void {
    const id = nextId++;
    this.list = [...this.list.slice(-(MAX_NOTICES - 1)), { id, kind, text }];
    // Confirmations fade on their own; errors stay until the user has read and closed them.
    if (kind === 'info') setTimeout(() => this.dismiss(id), INFO_NOTICE_MS);
  }

  /** Forget a notice. */
  dismiss(id: number): void {
    this.list = this.list.filter((n) => n.id !== id);
  }
}

/** Run `f`; if it throws, tell the user its message instead. */
export async function guard(notify: Notify, f: () => Promise<unknown>): Promise<void> {
  try {
    await f();
  } catch (e) {
    notify('error', errorMessage(e));
  }
}
