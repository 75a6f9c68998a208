import { writeFileSync } from "node:fs";
import { examplesByNodeType } from "../src/engine/nodeHelp";
import { builtinSoundsMarkdown } from "../src/engine/builtinSounds";
import { nodeReferenceMarkdown } from "../src/engine/nodeReference";
import { allNodes } from "../src/nodes";
import { examplePatchTexts } from "./examplePatches";

writeFileSync(
  "docs/nodes.md",
  nodeReferenceMarkdown(allNodes, examplesByNodeType(examplePatchTexts())),
);
writeFileSync("docs/sounds.md", builtinSoundsMarkdown());
console.log("wrote docs/nodes.md and docs/sounds.md");
