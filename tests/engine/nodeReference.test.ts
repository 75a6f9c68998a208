import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { examplesByNodeType } from "../../src/engine/nodeHelp";
import { nodeReferenceMarkdown } from "../../src/engine/nodeReference";
import { allNodes } from "../../src/nodes";
import { examplePatchTexts } from "../../scripts/examplePatches";

it("docs/nodes.md is generated from the current node definitions (run `npm run docs`)", () => {
  const examples = examplesByNodeType(examplePatchTexts());
  expect(readFileSync("docs/nodes.md", "utf8")).toBe(nodeReferenceMarkdown(allNodes, examples));
});
