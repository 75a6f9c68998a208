/**
 * The Buffer menu in the transport bar: how much output the worker keeps queued when it starts a
 * block, for live input and for a file alike. "auto" lets it adapt (a few ms past the audio
 * thread's burst, grown after each underrun, the figure it has settled at shown beside it), a
 * figure pins it — like a DAW's buffer size. `?buffer=MS` chooses the starting entry (and pins a
 * file's queue at that figure, 20 ms at least).
 */
import { useRef, useState } from "react";
import { useAnimation } from "../inspect/plotCanvas";
import type { LiveQueueSetting } from "../../engine/worker/liveQueue";
import type { LiveTransport } from "./liveTransport";

/** The pinned figures offered, in ms (a `?buffer=` figure outside them is added). */
const PINNED_MS = [5, 10, 20, 30, 50, 100, 150];

const valueOf = (setting: LiveQueueSetting) =>
  setting === "adaptive" ? "auto" : String(Math.round(setting * 1000));

export function BufferControl({ live }: { live: () => LiveTransport | undefined }) {
  const [value, setValue] = useState(() => valueOf(live()?.liveQueue ?? "adaptive"));
  const [error, setError] = useState<string | undefined>(undefined);
  const auto = useRef<HTMLOptionElement>(null);
  useAnimation(() => {
    const q = live()?.latency()?.queue;
    const text = q && !q.pinned ? `auto · ${q.ms.toFixed(0)} ms` : "auto";
    if (auto.current && auto.current.textContent !== text) auto.current.textContent = text;
  });

  const choose = async (next: string) => {
    setValue(next);
    const t = live();
    if (!t) return;
    try {
      await t.setLiveQueue(next === "auto" ? "adaptive" : Number(next) / 1000);
      setError(undefined);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  const pinned = value === "auto" ? PINNED_MS : [...new Set([...PINNED_MS, Number(value)])];
  return (
    <label
      className="lp-live-buffer"
      title={
        error ??
        "The output queued when the worker starts a block (for live input: beyond the block that waits for its input): auto starts at a few ms and grows after an underrun; a figure pins it (live input: a short gap while it changes)"
      }
    >
      Buffer
      <select
        aria-label="live buffer"
        value={value}
        onChange={(e) => void choose(e.currentTarget.value)}
      >
        <option ref={auto} value="auto">
          auto
        </option>
        {pinned
          .sort((a, b) => a - b)
          .map((ms) => (
            <option key={ms} value={String(ms)}>
              {`${ms} ms`}
            </option>
          ))}
      </select>
    </label>
  );
}
