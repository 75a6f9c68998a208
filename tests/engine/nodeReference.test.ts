import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { nodeReferenceMarkdown } from "../../src/engine/nodeReference";
import { allNodes } from "../../src/nodes";

it("docs/nodes.md is generated from the current node definitions (run `npm run docs`)", () => {
  expect(readFileSync("docs/nodes.md", "utf8")).toBe(nodeReferenceMarkdown(allNodes));
});
