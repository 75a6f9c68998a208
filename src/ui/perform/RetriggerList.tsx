/**
 * The sounds a MIDI key can start again (AudioIn playing a file or a test signal, Curve): each
 * with its key mappings, MIDI learn (the next key pressed) and a button that restarts it now.
 */
import { RETRIGGER_PARAM, type PatchPerform } from "../../engine/patch/performSchema";
import type { Patch } from "../../engine/patch/schema";
import type { NodeRegistry } from "../../engine/patch/registry";
import { LearnButton, MappingTags } from "./mappingControls";
import type { PerformController } from "./performController";

/** Ids of the nodes of `patch` a note can restart. */
export function retriggerableNodes(patch: Patch, registry: NodeRegistry): string[] {
  return patch.nodes.flatMap((n) => {
    const def = registry.get(n.type);
    const restartable =
      def?.category === "source" && !def.followsTempo && n.params.source !== "live";
    return restartable ? [n.id] : [];
  });
}

interface Props {
  readonly patch: Patch;
  readonly registry: NodeRegistry;
  readonly perform: PerformController;
  readonly p: PatchPerform;
  readonly learning: string | undefined;
}

export function RetriggerList({ patch, registry, perform, p, learning }: Props) {
  const ids = retriggerableNodes(patch, registry);
  return (
    <div className="lp-perf-retrigger">
      <h3>Retrigger</h3>
      {ids.length === 0 && <p className="lp-perf-hint">No sound file or test source to restart.</p>}
      {ids.map((id) => {
        const target = `${id}.${RETRIGGER_PARAM}`;
        return (
          <div key={id} className="lp-perf-control">
            <button
              className="lp-perf-recall"
              title={`Start ${id} again from its start (while playing)`}
              onClick={() => perform.trigger(id)}
            >
              ⟳ {id}
            </button>
            <LearnButton
              perform={perform}
              target={target}
              learning={learning}
              waiting="press a key…"
            />
            <MappingTags perform={perform} midi={p.midi} target={target} />
            {p.midi.map((m, i) =>
              m.target === target && m.number !== undefined ? (
                <button
                  key={i}
                  title={`Every key on ${m.channel === undefined ? "any channel" : `channel ${m.channel}`} restarts ${id}, not only note ${m.number}`}
                  onClick={() => perform.anyKey(i)}
                >
                  any key
                </button>
              ) : null,
            )}
          </div>
        );
      })}
    </div>
  );
}
