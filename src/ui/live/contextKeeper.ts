/**
 * Keeps the live AudioContext running through interruptions: a device change, a `suspend()` the
 * app did not ask for, Chromium's "interrupted" state. While playback wants sound, a context that
 * leaves "running" is resumed at once; where the autoplay policy refuses that, on the user's next
 * click or key press.
 */

/** The part of an AudioContext the keeper uses (a test may pass a fake). */
export type KeptContext = Pick<
  AudioContext,
  "resume" | "addEventListener" | "removeEventListener"
> & { readonly state: string };

/** Where the keeper listens for a user gesture (the document). */
export type GestureTarget = Pick<Document, "addEventListener" | "removeEventListener">;

export interface KeeperOptions {
  /** True while playback wants the context running (false after Stop: Stop suspends it). */
  readonly wanted: () => boolean;
  /** Tells the user what happened ("audio was interrupted — …"). */
  readonly say: (text: string) => void;
  readonly gestures?: GestureTarget;
}

const GESTURES = ["pointerdown", "keydown"] as const;

/** Watches `context`; returns the function that stops watching. */
export function keepContextRunning(context: KeptContext, opts: KeeperOptions): () => void {
  const gestures = opts.gestures ?? document;
  let interrupted = false;
  let waitingForGesture = false;
  const onGesture = () => {
    unlistenGestures();
    if (opts.wanted() && context.state !== "running") void context.resume().catch(() => undefined);
  };
  const unlistenGestures = () => {
    if (!waitingForGesture) return;
    waitingForGesture = false;
    for (const g of GESTURES) gestures.removeEventListener(g, onGesture, { capture: true });
  };
  const onState = () => {
    const state = context.state;
    if (state === "running") {
      unlistenGestures();
      if (interrupted) opts.say("audio resumed after an interruption");
      interrupted = false;
      return;
    }
    if (state === "closed" || !opts.wanted()) return;
    interrupted = true;
    // A resume the autoplay policy refuses stays pending or rejects: a gesture resumes it then.
    void context.resume().catch(() => undefined);
    if (!waitingForGesture) {
      waitingForGesture = true;
      for (const g of GESTURES) gestures.addEventListener(g, onGesture, { capture: true });
    }
    opts.say(`audio was ${state} — resuming (click anywhere if it stays silent)`);
  };
  context.addEventListener("statechange", onState);
  return () => {
    unlistenGestures();
    context.removeEventListener("statechange", onState);
  };
}
