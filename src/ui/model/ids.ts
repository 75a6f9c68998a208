/** Node ids and canvas positions, shared by the patch model and the clipboard. */

export type Position = readonly [number, number];

import { subpatchIdOf } from "../../engine/patch/subpatch";

/**
 * A fresh node id from the type name: "FiLMRRotate" → "filmrrotate1", then 2, 3…; an instance
 * of a subpatch from the subpatch's id without its number ("subpatch:group1" → "group1", 2…).
 */
export function freshNodeId(type: string, taken: ReadonlySet<string>): string {
  const stem =
    (subpatchIdOf(type)?.replace(/\d+$/, "") ?? type).toLowerCase().replace(/[^a-z0-9_-]/g, "") ||
    "node";
  for (let i = 1; ; i++) if (!taken.has(`${stem}${i}`)) return `${stem}${i}`;
}
