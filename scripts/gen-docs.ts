import { writeFileSync } from "node:fs";
import { nodeReferenceMarkdown } from "../src/engine/nodeReference";
import { allNodes } from "../src/nodes";

writeFileSync("docs/nodes.md", nodeReferenceMarkdown(allNodes));
console.log("wrote docs/nodes.md");
