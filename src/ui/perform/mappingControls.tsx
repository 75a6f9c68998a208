/** The MIDI learn button and the removable mapping tags every performance control shows. */
import type { MidiMapping } from "../../engine/patch/performSchema";
import { mappingLabel } from "./midiMapping";
import type { PerformController } from "./performController";

interface LearnProps {
  readonly perform: PerformController;
  readonly target: string;
  readonly learning: string | undefined;
  /** What to do while learning, e.g. "move a control…" or "press a key…". */
  readonly waiting?: string;
}

export function LearnButton({ perform, target, learning, waiting }: LearnProps) {
  const on = learning === target;
  return (
    <button
      className={on ? "lp-perf-learn on" : "lp-perf-learn"}
      aria-pressed={on}
      title={
        on
          ? "Move a MIDI control to map it (Esc cancels)"
          : "MIDI learn: the next control moved drives this"
      }
      onClick={() => (on ? perform.cancelLearn() : perform.learn(target))}
    >
      {on ? (waiting ?? "move a control…") : "Learn"}
    </button>
  );
}

interface TagProps {
  readonly perform: PerformController;
  readonly midi: readonly MidiMapping[];
  readonly target: string;
}

export function MappingTags({ perform, midi, target }: TagProps) {
  return midi.map((m, i) =>
    m.target !== target ? null : (
      <span key={i} className="lp-perf-map">
        {mappingLabel(m)}
        <button
          aria-label={`remove mapping ${mappingLabel(m)}`}
          onClick={() => perform.removeMapping(i)}
        >
          ✕
        </button>
      </span>
    ),
  );
}
