/**
 * What a production build must carry beside the bundle: the app reads its model packs and its
 * builtin recordings over HTTP at run time (`models/<id>/…`, `assets/audio/<name>.wav`), which
 * the dev server serves from the repository but `vite build` does not bundle. This Vite plugin
 * copies them into the build: each `models/<id>/` with a `model.json`, the files its manifest
 * names (encoder, decoder) and its README (licence, model card) — never its training data — and
 * the recordings with their README. Hand-written: a few lines of fs, and the manifest decides.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import type { Plugin } from "vite";

/** The files of the repository at `root` a build needs, as paths relative to `root`. */
export function shippedFiles(root: string): string[] {
  const files: string[] = [];
  const models = join(root, "models");
  for (const id of readdirSync(models).sort()) {
    const manifest = join(models, id, "model.json");
    if (!existsSync(manifest)) continue;
    const m = JSON.parse(readFileSync(manifest, "utf8")) as {
      encoder?: { file?: unknown };
      decoder?: { file?: unknown };
    };
    const named = [m.encoder?.file, m.decoder?.file].filter(
      (f): f is string => typeof f === "string",
    );
    for (const f of ["model.json", "README.md", ...named]) {
      const path = join(models, id, f);
      // A manifest naming a file outside its folder is the engine's to refuse, not ours to copy.
      if (!resolve(path).startsWith(resolve(models, id) + sep)) continue;
      if (existsSync(path)) files.push(relative(root, path));
    }
  }
  const audio = join(root, "assets", "audio");
  for (const f of readdirSync(audio).sort())
    if (f.endsWith(".wav") || f === "README.md") files.push(relative(root, join(audio, f)));
  return files.map((f) => f.split("\\").join("/"));
}

export function copyShippedFiles(): Plugin {
  let root = process.cwd();
  let outDir = "dist";
  return {
    name: "latent-patcher:shipped-files",
    apply: "build",
    configResolved(config) {
      root = config.root;
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      for (const f of shippedFiles(root)) {
        const to = join(outDir, f);
        mkdirSync(join(to, ".."), { recursive: true });
        copyFileSync(join(root, f), to);
      }
    },
  };
}
