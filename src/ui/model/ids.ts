/** Node ids and canvas positions, shared by the patch model and the clipboard. */

export type Position = readonly [number, number];

/** A fresh node id from the type name: "FiLMRRotate" → "filmrrotate1", then 2, 3… */
export function freshNodeId(type: string, taken: ReadonlySet<string>): string {
  const stem = type.toLowerCase().replace(/[^a-z0-9_-]/g, "") || "node";
  for (let i = 1; ; i++) if (!taken.has(`${stem}${i}`)) return `${stem}${i}`;
}
