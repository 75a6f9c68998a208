/**
 * The nodes an error is about: engine and patch errors name nodes in their text (`node "dec"
 * (Decode): …`, `patch.nodes[3].params.angle: …`, an inner node of a subpatch instance as
 * `"fx/rotate"`), so the card at fault can be outlined and carry the message.
 */
import type { Patch } from "../../engine/patch/schema";

const NODE_NAME = /node "([^"]+)"/g;
const NODE_PATH = /patch\.nodes\[(\d+)\]/g;
const INSTANCE = /instance "([^"]+)"/g;

/** Ids of the nodes of `patch` that `message` names, in the order named, each once. */
export function faultyNodes(message: string, patch: Patch): string[] {
  const ids = new Set(patch.nodes.map((n) => n.id));
  const found = new Set<string>();
  const add = (id: string | undefined) => {
    if (id === undefined) return;
    // A flattened inner node ("fx/rotate") is drawn as its instance's card ("fx").
    const outer = ids.has(id) ? id : id.split("/")[0];
    if (outer !== undefined && ids.has(outer)) found.add(outer);
  };
  for (const m of message.matchAll(NODE_PATH)) add(patch.nodes[Number(m[1])]?.id);
  for (const m of message.matchAll(NODE_NAME)) add(m[1]);
  for (const m of message.matchAll(INSTANCE)) add(m[1]);
  return [...found];
}

/** The faults to show: each node `message` names, with the message. */
export function faultsOf(message: string, patch: Patch): Map<string, string> {
  return new Map(faultyNodes(message, patch).map((id) => [id, message]));
}
