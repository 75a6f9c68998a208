/**
 * Canvas-only state that is not part of the patch: the selected cable, the comment being edited,
 * the subpatch being renamed. Views subscribe with useSyncExternalStore.
 */

/** One value that views can watch. */
export class Watched<T> {
  private readonly listeners = new Set<() => void>();

  constructor(private value: T) {}

  readonly get = (): T => this.value;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(value: T): void {
    if (Object.is(value, this.value)) return;
    this.value = value;
    for (const listener of this.listeners) listener();
  }
}

export interface CanvasState {
  /** The rete id of the selected cable (see cableId), if one is selected. */
  readonly selectedCable: Watched<string | undefined>;
  /** The id of the comment whose text is being edited, if any. */
  readonly editingComment: Watched<string | undefined>;
  /** Whether node cards are drawn compact, without controls (zoomed far out: levelOfDetail.ts). */
  readonly compact: Watched<boolean>;
  /** The canvas's zoom (1 = 100 %). */
  readonly zoom: Watched<number>;
  /** The subpatch instance whose title is being renamed (F2, right-click › Rename), if any. */
  readonly renaming: Watched<string | undefined>;
  /** Opens the definition of subpatch instance `id` in place (a double-click on its title). */
  openSubpatch(id: string): void;
  /** Opens the sound browser for AudioIn `id` (its sound picker's ♪). */
  browseSounds(id: string): void;
  /** Nodes the last failed render or start blamed (`faults.ts`), with the message. */
  readonly faults: Watched<ReadonlyMap<string, string>>;
}

/** What the cards ask the app to do. */
export interface CanvasRequests {
  openSubpatch?(id: string): void;
  browseSounds?(id: string): void;
}

export const createCanvasState = (requests: CanvasRequests = {}): CanvasState => ({
  selectedCable: new Watched<string | undefined>(undefined),
  editingComment: new Watched<string | undefined>(undefined),
  compact: new Watched<boolean>(false),
  zoom: new Watched<number>(1),
  renaming: new Watched<string | undefined>(undefined),
  openSubpatch: (id) => requests.openSubpatch?.(id),
  browseSounds: (id) => requests.browseSounds?.(id),
  faults: new Watched<ReadonlyMap<string, string>>(new Map()),
});
