/** The demo patches of `examples/`, bundled as text, by name ("effect-transfer"). */
const files = import.meta.glob<string>("../../examples/*.patch.json", {
  query: "?raw",
  import: "default",
  eager: true,
});

export const DEMO_PATCHES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(files).map(([path, text]) => [
    path.replace(/^.*\//, "").replace(".patch.json", ""),
    text,
  ]),
);

export const FIRST_DEMO = "effect-transfer";
