/**
 * Notices: what the app must tell the user about their work and that a status line would let
 * scroll away (an autosave that did not load, a full disk, another tab's newer save, a share
 * link that failed). Each stays until it is resolved or dismissed, with the actions it offers.
 */

/** A button on a notice. */
export interface NoticeAction {
  readonly label: string;
  /** What the button says to a screen reader or on hover, when the label is short. */
  readonly title?: string;
  readonly run: () => void | Promise<void>;
}

export interface Notice {
  /** One notice per id: showing the same id again replaces it. */
  readonly id: string;
  readonly tone: "error" | "warning" | "info";
  /** One line saying what happened and what is kept. */
  readonly text: string;
  readonly actions?: readonly NoticeAction[];
  /** Text to show selectable, e.g. a link the clipboard refused. */
  readonly copyable?: string;
}

/** The notices shown now, newest last; a tiny external store for `useSyncExternalStore`. */
export class Notices {
  private shown: readonly Notice[] = [];
  private readonly listeners = new Set<() => void>();

  get list(): readonly Notice[] {
    return this.shown;
  }

  /** Shows `notice`, replacing one with the same id. */
  show(notice: Notice): void {
    const at = this.shown.findIndex((n) => n.id === notice.id);
    this.shown =
      at < 0 ? [...this.shown, notice] : this.shown.map((n, i) => (i === at ? notice : n));
    this.notify();
  }

  dismiss(id: string): void {
    if (!this.shown.some((n) => n.id === id)) return;
    this.shown = this.shown.filter((n) => n.id !== id);
    this.notify();
  }

  has(id: string): boolean {
    return this.shown.some((n) => n.id === id);
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private notify(): void {
    for (const l of this.listeners) l();
  }
}
