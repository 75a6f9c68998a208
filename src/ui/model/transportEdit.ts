/**
 * Edits of a patch's transport (tempo, beats per bar, loop length), checked with the patch
 * schema's own rules so the UI refuses what a saved file would not load, with the reason.
 */
import {
  patchTransport,
  transportSchema,
  type Patch,
  type PatchTransport,
} from "../../engine/patch/schema";

/** A change to the transport; `loopBars: undefined` means "loop the material's length". */
export type TransportChange = Partial<PatchTransport>;

/**
 * `patch` with its transport changed, or a one-line message naming the field and what was
 * expected. An unchanged transport gives back `patch` itself.
 */
export function withTransport(patch: Patch, change: TransportChange): Patch | string {
  const next: Record<string, unknown> = { ...patchTransport(patch), ...change };
  if ("loopBars" in change && change.loopBars === undefined) delete next.loopBars;
  const parsed = transportSchema.safeParse(next);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".") || "transport";
    return `transport.${field}: ${issue.message} (got ${JSON.stringify(next[field] ?? null)})`;
  }
  const before = patchTransport(patch);
  const same =
    before.bpm === parsed.data.bpm &&
    before.beatsPerBar === parsed.data.beatsPerBar &&
    before.loopBars === parsed.data.loopBars;
  return same && patch.transport ? patch : { ...patch, transport: parsed.data };
}
