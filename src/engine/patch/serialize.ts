/**
 * Canonical patch JSON: fixed key order, 2-space indent, trailing newline. Byte-stable, so that
 * saving an unchanged patch changes nothing and diffs show only real edits.
 */
import type { PatchPerform } from "./performSchema";
import type { Patch, PatchAsset, PatchConnection, PatchNode, Subpatch } from "./schema";

/**
 * An object written in its insertion order; plain objects are written with sorted keys. Keys are
 * compared by UTF-16 code units, never by locale.
 */
type Ordered = Map<string, unknown>;

function ordered(entries: [string, unknown][]): Ordered {
  return new Map(entries.filter(([, v]) => v !== undefined));
}

const isPrimitive = (v: unknown): boolean => v === null || typeof v !== "object";

/** Writes `value` as JSON at nesting `depth`; arrays of primitives stay on one line. */
function write(value: unknown, depth: number): string {
  const pad = "  ".repeat(depth + 1);
  const end = "  ".repeat(depth);
  if (isPrimitive(value)) return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every(isPrimitive)) return `[${value.map((v) => write(v, 0)).join(", ")}]`;
    return `[\n${value.map((v) => pad + write(v, depth + 1)).join(",\n")}\n${end}]`;
  }
  const entries =
    value instanceof Map
      ? [...(value as Ordered)]
      : Object.entries(value as object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const present = entries.filter(([, v]) => v !== undefined);
  if (present.length === 0) return "{}";
  const lines = present.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${write(v, depth + 1)}`);
  return `{\n${lines.join(",\n")}\n${end}}`;
}

function assetEntry(asset: PatchAsset): Ordered {
  switch (asset.kind) {
    case "builtin":
      return ordered([
        ["kind", asset.kind],
        ["name", asset.name],
      ]);
    case "file":
      return ordered([
        ["kind", asset.kind],
        ["path", asset.path],
      ]);
    case "embedded":
      return ordered([
        ["kind", asset.kind],
        ["mime", asset.mime],
        ["base64", asset.base64],
      ]);
  }
}

const nodeEntry = (n: PatchNode): Ordered =>
  ordered([
    ["id", n.id],
    ["type", n.type],
    ["params", n.params],
    ["position", n.position],
  ]);

const connectionEntry = (c: PatchConnection): Ordered =>
  ordered([
    ["from", c.from],
    ["to", c.to],
  ]);

const subpatchEntry = (s: Subpatch): Ordered =>
  ordered([
    ["id", s.id],
    ["name", s.name],
    ["description", s.description],
    [
      "inputs",
      s.inputs.map((i) =>
        ordered([
          ["name", i.name],
          ["label", i.label],
          ["to", i.to],
        ]),
      ),
    ],
    [
      "outputs",
      s.outputs.map((o) =>
        ordered([
          ["name", o.name],
          ["label", o.label],
          ["from", o.from],
        ]),
      ),
    ],
    ["nodes", s.nodes.map(nodeEntry)],
    ["connections", s.connections.map(connectionEntry)],
  ]);

const performEntry = (p: PatchPerform): Ordered =>
  ordered([
    [
      "snapshots",
      p.snapshots.map((s) =>
        ordered([
          ["name", s.name],
          ["values", s.values],
        ]),
      ),
    ],
    [
      "morph",
      p.morph &&
        ordered([
          ["from", p.morph.from],
          ["to", p.morph.to],
          ["amount", p.morph.amount],
        ]),
    ],
    [
      "midi",
      p.midi.map((m) =>
        ordered([
          ["control", m.control],
          ["number", m.number],
          ["channel", m.channel],
          ["target", m.target],
          ["min", m.min],
          ["max", m.max],
          ["curve", m.curve],
          ["smoothMs", m.smoothMs],
        ]),
      ),
    ],
    ["favourites", p.favourites],
  ]);

/**
 * The canonical JSON text of a patch: keys in the order format, version, name, description,
 * model, transport (bpm, beatsPerBar, loopBars), nodes (id, type, params sorted, position), connections (from, to), subpatches (id, name,
 * description, inputs, outputs, nodes, connections), comments (id, text, position), assets
 * (sorted), perform (snapshots: name, values sorted; morph: from, to, amount; midi: control, number,
 * channel, target, min, max, curve, smoothMs; favourites), ui (sorted recursively); optional fields left out when absent.
 */
export function serializePatch(patch: Patch): string {
  const assets = patch.assets
    ? ordered(
        Object.keys(patch.assets)
          .sort()
          .map((id) => [id, assetEntry(patch.assets?.[id] as PatchAsset)]),
      )
    : undefined;
  const doc = ordered([
    ["format", patch.format],
    ["version", patch.version],
    ["name", patch.name],
    ["description", patch.description],
    ["model", patch.model],
    [
      "transport",
      patch.transport &&
        ordered([
          ["bpm", patch.transport.bpm],
          ["beatsPerBar", patch.transport.beatsPerBar],
          ["loopBars", patch.transport.loopBars],
        ]),
    ],
    ["nodes", patch.nodes.map(nodeEntry)],
    ["connections", patch.connections.map(connectionEntry)],
    ["subpatches", patch.subpatches?.map(subpatchEntry)],
    [
      "comments",
      patch.comments?.map((c) =>
        ordered([
          ["id", c.id],
          ["text", c.text],
          ["position", c.position],
        ]),
      ),
    ],
    ["assets", assets],
    ["perform", patch.perform && performEntry(patch.perform)],
    ["ui", patch.ui],
  ]);
  return `${write(doc, 0)}\n`;
}
