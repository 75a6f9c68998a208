/**
 * `npm run build:cli` (and `prepare`, so `npm ci` runs it): bundles src/cli/main.ts with Vite's
 * SSR build into build/cli, one ES module per command (dependencies stay in node_modules), and
 * stamps it with the hash of every source file it holds, so that bin/latent-patcher.mjs runs it
 * only while those sources are unchanged. It starts without tsx or any TypeScript transform.
 */
import { readdir, rename, rm, writeFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { URL, fileURLToPath } from "node:url";
import { BUNDLE_DIR, STAMP_FILE, hashInputs } from "../bin/cliEntry.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The repository's own files among Rollup's module ids (no dependencies, no virtual modules). */
function ownFiles(ids) {
  return [...ids]
    .filter(
      (id) =>
        !id.startsWith("\0") && id.startsWith(root) && !id.includes(`${sep}node_modules${sep}`),
    )
    .map((id) => relative(root, id.split("?")[0]).split(sep).join("/"))
    .sort();
}

async function main() {
  let build;
  try {
    ({ build } = await import("vite"));
  } catch {
    // An install without dev dependencies: the CLI runs from the sources (if tsx is there).
    console.warn("build:cli: vite is not installed; latent-patcher will run from the sources");
    return;
  }
  const out = join(root, BUNDLE_DIR);
  const staging = `${out}.tmp-${process.pid}`;
  const inputs = new Set();
  await build({
    root,
    configFile: false,
    logLevel: "warn",
    build: {
      ssr: join(root, "src/cli/main.ts"),
      outDir: staging,
      emptyOutDir: true,
      target: "node20",
      minify: false,
      rollupOptions: {
        output: { format: "es", entryFileNames: "main.mjs", chunkFileNames: "[name]-[hash].mjs" },
      },
    },
    // zod goes into the bundle: loading it from node_modules costs every process about 40 ms more.
    ssr: { noExternal: ["zod"] },
    plugins: [
      {
        name: "record-inputs",
        generateBundle(_options, bundle) {
          for (const chunk of Object.values(bundle))
            if (chunk.type === "chunk") for (const id of Object.keys(chunk.modules)) inputs.add(id);
        },
      },
    ],
  });
  const files = ownFiles(inputs);
  if (!files.includes("src/cli/main.ts"))
    throw new Error("build:cli: the bundle lost src/cli/main.ts");
  const outputs = (await readdir(staging)).sort();
  const stamp = { hash: hashInputs(root, files), inputs: files, outputs };
  await writeFile(join(staging, STAMP_FILE), JSON.stringify(stamp, null, 1) + "\n");
  // Swap in the new bundle whole: a CLI starting meanwhile sees the old one or none.
  const old = `${out}.old-${process.pid}`;
  await rename(out, old).catch(() => undefined);
  await rename(staging, out);
  await rm(old, { recursive: true, force: true });
  console.log(`build:cli: ${BUNDLE_DIR} from ${files.length} source files`);
}

await main();
