/**
 * Hostile patches for the limit tests, generated rather than stored: a small file that expands
 * to millions of nodes, and plain patches sized to sit exactly at a limit.
 */
type Json = Record<string, unknown>;

/** A chain of `count` nodes made by `node(i)`, fed at `in` and read at `out`, as a subpatch. */
function chainSubpatch(id: string, count: number, type: string): Json {
  const nodes = Array.from({ length: count }, (_, i) => ({ id: `n${i}`, type }));
  const connections = nodes.slice(1).map((_, i) => ({ from: `n${i}.out`, to: `n${i + 1}.in` }));
  return {
    id,
    name: id,
    nodes,
    connections,
    inputs: [{ name: "in", to: ["n0.in"] }],
    outputs: [{ name: "out", from: `n${count - 1}.out` }],
  };
}

/** A patch AudioIn → Encode → `middle` → Decode → AudioOut, with `subpatches`. */
export function patchAround(middle: readonly Json[], subpatches?: readonly Json[]): Json {
  const ends = [
    { from: "enc.latent", to: "" },
    ...middle.map((n) => ({ from: `${String(n.id)}.out`, to: `${String(n.id)}.in` })),
    { from: "", to: "dec.latent" },
  ];
  const latentChain = ends.slice(1).map((e, i) => ({ from: ends[i]!.from, to: e.to }));
  return {
    format: "latent-patcher.patch",
    version: 1,
    name: "hostile",
    nodes: [
      { id: "src", type: "AudioIn", params: { source: "sine", seconds: 1 } },
      { id: "enc", type: "Encode" },
      ...middle,
      { id: "dec", type: "Decode" },
      { id: "out", type: "AudioOut" },
    ],
    connections: [
      { from: "src.audio", to: "enc.audio" },
      ...latentChain,
      { from: "dec.audio", to: "out.audio" },
    ],
    ...(subpatches ? { subpatches } : {}),
  };
}

/**
 * `levels` subpatches, each a chain of `fanout` instances of the one before, the first a chain of
 * `fanout` LatentScale nodes; the patch uses one instance of the last. With 6 × 10 it is a few
 * kilobytes of JSON that expands to a million nodes.
 */
export function nestedBomb(levels = 6, fanout = 10): Json {
  const subpatches = [chainSubpatch("l0", fanout, "LatentScale")];
  for (let k = 1; k < levels; k++)
    subpatches.push(chainSubpatch(`l${k}`, fanout, `subpatch:l${k - 1}`));
  return patchAround([{ id: "top", type: `subpatch:l${levels - 1}` }], subpatches);
}

/** `n` LatentScale nodes in a chain, written out. */
export const scaleChain = (n: number): Json[] =>
  Array.from({ length: n }, (_, i) => ({ id: `s${i}`, type: "LatentScale" }));

/** A subpatch of `count` LatentScale nodes in a chain. */
export const scaleSubpatch = (id: string, count: number): Json =>
  chainSubpatch(id, count, "LatentScale");
