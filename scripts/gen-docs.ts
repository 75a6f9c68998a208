import { writeFileSync } from "node:fs";
import { examplesByNodeType } from "../src/engine/nodeHelp";
import { nodeReferenceMarkdown } from "../src/engine/nodeReference";
import { allNodes } from "../src/nodes";
import { examplePatchTexts } from "./examplePatches";

writeFileSync(
  "docs/nodes.md",
  nodeReferenceMarkdown(allNodes, examplesByNodeType(examplePatchTexts())),
);
console.log("wrote docs/nodes.md");
