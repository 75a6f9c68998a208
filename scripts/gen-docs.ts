import { writeFileSync } from "node:fs";
import { builtinSoundsMarkdown } from "../src/engine/builtinSounds";
import { nodeReferenceMarkdown } from "../src/engine/nodeReference";
import { allNodes } from "../src/nodes";

writeFileSync("docs/nodes.md", nodeReferenceMarkdown(allNodes));
writeFileSync("docs/sounds.md", builtinSoundsMarkdown());
console.log("wrote docs/nodes.md and docs/sounds.md");
