/**
 * The sound browser: the builtin recordings and the patch's own sounds, searchable, each with a
 * preview (▶, a few seconds, ■ stops) and Use, which sets the chosen AudioIn's sound or adds an
 * AudioIn playing it (one undo step). Opened from an AudioIn's sound picker (♪), the canvas's
 * right-click menu or the S key.
 */
import { useEffect, useState } from "react";
import type { PatchModel } from "../model/patchModel";
import type { Position } from "../model/ids";
import { messageOf } from "../fileActions";
import { playPreview, stopPreview } from "./preview";
import { searchSounds, soundList, soundOn, type SoundEntry } from "./soundList";
import "./sounds.css";

export interface SoundBrowserProps {
  /** The graph the canvas shows. */
  readonly model: PatchModel;
  /** The AudioIn whose sound Use sets; undefined: Use adds an AudioIn at `at`. */
  readonly nodeId: string | undefined;
  readonly at: Position;
  readonly say: (text: string, error?: boolean) => void;
  readonly onClose: () => void;
}

export function SoundBrowser({ model, nodeId, at, say, onClose }: SoundBrowserProps) {
  const [query, setQuery] = useState("");
  const [playing, setPlaying] = useState<string | undefined>(undefined);
  const [peak, setPeak] = useState<number | undefined>(undefined);
  const found = searchSounds(query, soundList(model.patch));
  useEffect(() => stopPreview, []);
  const preview = async (entry: SoundEntry) => {
    if (playing === entry.label) {
      stopPreview();
      setPlaying(undefined);
      return;
    }
    setPlaying(entry.label);
    say(`preview of ${entry.label}: rendering…`);
    try {
      const played = await playPreview(entry);
      if (!played) return;
      setPeak(played.peak);
      say(
        `preview of ${entry.label}: ${played.seconds.toFixed(1)} s, peak ${played.peak.toFixed(2)}`,
      );
      setTimeout(
        () => setPlaying((p) => (p === entry.label ? undefined : p)),
        played.seconds * 1000,
      );
    } catch (err) {
      setPlaying(undefined);
      say(`preview of ${entry.label}: ${messageOf(err)}`, true);
    }
  };
  const use = (entry: SoundEntry) => {
    const result = soundOn(model.patch, entry, nodeId, at);
    if (!result.ok) return say(result.message, true);
    model.update(result.patch);
    say(`${result.nodeId} plays ${entry.label}`);
    onClose();
  };
  return (
    <div className="lp-help-backdrop" onPointerDown={onClose}>
      <div
        className="lp-sounds"
        role="dialog"
        aria-label="sounds"
        data-preview-peak={peak}
        onPointerDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === "Escape") onClose();
          e.stopPropagation();
        }}
      >
        <header>
          <h2>Sounds</h2>
          <span className="lp-sounds-for">
            {nodeId ? `Use sets the sound of ${nodeId}` : "Use adds an AudioIn"}
          </span>
          <button onClick={onClose} aria-label="close the sounds">
            ✕
          </button>
        </header>
        <input
          autoFocus
          aria-label="search sounds"
          placeholder="search: piano, cello, file…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <ul>
          {found.map((e) => (
            <li key={`${e.origin}:${e.label}`} data-sound={e.label}>
              <button
                className="lp-sounds-play"
                aria-label={playing === e.label ? `stop ${e.label}` : `preview ${e.label}`}
                onClick={() => void preview(e)}
              >
                {playing === e.label ? "■" : "▶"}
              </button>
              <b>{e.label}</b>
              <span className="lp-sounds-origin">
                {e.origin === "builtin" ? "builtin" : "patch"}
              </span>
              <span className="lp-sounds-what">{e.description}</span>
              <button onClick={() => use(e)} aria-label={`use ${e.label}`}>
                Use
              </button>
            </li>
          ))}
          {found.length === 0 && <li>no sound matches</li>}
        </ul>
      </div>
    </div>
  );
}
