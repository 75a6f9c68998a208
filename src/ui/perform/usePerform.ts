/**
 * The app's performance layer: one PerformController for the open patch, MIDI enabled the first
 * time the performance view opens or a parameter is learned, and the keys of a performer: 1–9
 * recall the first nine snapshots over the fade time, Esc cancels MIDI learn.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import type { PatchModel } from "../model/patchModel";
import { retriggerNode } from "../../engine/patch/performSchema";
import { browserTicker } from "./glide";
import { MidiInputs, type MidiStatus } from "./midiInput";
import { PerformController, performOf } from "./performController";

/** True while the user types in a field, where digits are text, not recalls. */
const typing = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) &&
  !(target instanceof HTMLInputElement && ["range", "checkbox", "button"].includes(target.type));

export function usePerform(
  model: PatchModel,
  say: (text: string, error?: boolean) => void,
  /** Starts a source of the playing patch again (a mapped MIDI key, the view's ⟳ button). */
  retrigger: (nodeId: string) => void,
) {
  const restart = useRef(retrigger);
  restart.current = retrigger;
  const perform = useMemo(
    () => new PerformController(model, browserTicker, (id) => restart.current(id)),
    [model],
  );
  const [open, setOpen] = useState(false);
  const [midi, setMidi] = useState<MidiStatus>({ state: "off" });
  const [fadeMs, setFadeMs] = useState(250);
  const inputs = useRef<MidiInputs | undefined>(undefined);
  const fade = useRef(fadeMs);
  fade.current = fadeMs;

  const enableMidi = () => {
    inputs.current ??= new MidiInputs(
      (data, now) => perform.onMidi(data, now),
      (status) => {
        setMidi(status);
        if (status.state === "unavailable" || status.state === "refused") say(status.message, true);
      },
    );
    void inputs.current.enable();
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      if (e.key === "Escape" && perform.learnTarget !== undefined) {
        perform.cancelLearn();
        say("MIDI learn cancelled");
        return;
      }
      if (!/^[1-9]$/.test(e.key)) return;
      const index = Number(e.key) - 1;
      const snap = performOf(model.patch).snapshots[index];
      if (!snap) return;
      e.preventDefault();
      perform.recall(index, fade.current);
      say(`recalled snapshot ${index + 1} "${snap.name}"`);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [model, perform, say]);

  return {
    perform,
    midi,
    open,
    fadeMs,
    setFadeMs,
    toggle: () =>
      setOpen((was) => {
        if (!was) enableMidi();
        return !was;
      }),
    close: () => setOpen(false),
    /** MIDI learn for `ref` from the canvas: opens the view, waiting for a control. */
    learn: (ref: string) => {
      enableMidi();
      setOpen(true);
      perform.learn(ref);
      const node = retriggerNode(ref);
      say(
        node === undefined
          ? `MIDI learn: move a control to map it to ${ref} (Esc cancels)`
          : `MIDI learn: press a key to start ${node} again from its start (Esc cancels)`,
      );
    },
    favourite: (ref: string) => perform.toggleFavourite(ref),
  };
}
