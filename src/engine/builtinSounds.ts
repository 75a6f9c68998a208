/**
 * The recordings shipped with the app (`assets/audio/<name>.wav`), which a patch names as
 * `{ "kind": "builtin", "name": … }`. One table, read by the asset loader (an unknown name is
 * refused with the list) and by `npm run docs` (docs/sounds.md); a test keeps it equal to the
 * folder's files.
 */
import { preview } from "./patch/path";

/** One builtin sound: its name in patches and what it is. */
export interface BuiltinSound {
  readonly name: string;
  readonly description: string;
}

export const BUILTIN_SOUNDS: readonly BuiltinSound[] = [
  {
    name: "cello",
    description: "cello (GM 42): three sustained bowed notes (C3, D3, G3)",
  },
  {
    name: "flute",
    description: "flute (GM 73): a melodic line around G5–D6",
  },
  {
    name: "guitar",
    description: "nylon-string guitar (GM 24): a fingerpicked arpeggio ending on a dyad",
  },
  {
    name: "piano",
    description: "acoustic grand (GM 0): a short D-major melody over two broken chords, dry",
  },
  {
    name: "piano-reverb",
    description: "the same render as `piano` with reverb (a sample-aligned wet/dry pair)",
  },
];

/** Why `name` is not a builtin sound, or undefined when it is one. */
export function unknownBuiltinSound(name: string): string | undefined {
  if (BUILTIN_SOUNDS.some((s) => s.name === name)) return undefined;
  return `no builtin sound is named ${preview(name)} (builtin sounds: ${BUILTIN_SOUNDS.map((s) => s.name).join(", ")})`;
}

/** docs/sounds.md, generated from {@link BUILTIN_SOUNDS} by `npm run docs`. */
export function builtinSoundsMarkdown(): string {
  const rows = BUILTIN_SOUNDS.map((s) => `| \`${s.name}\` | ${s.description} |`);
  return [
    "# Builtin sounds",
    "",
    "Generated from `src/engine/builtinSounds.ts` by `npm run docs`; do not edit by hand.",
    "",
    'A patch plays one with an asset `{ "kind": "builtin", "name": "<name>" }` (docs/patch-format.md).',
    "Each is a mono, 44.1 kHz, 16-bit recording, 4.0 s long, peak-normalised to −3 dBFS",
    "(`assets/audio/README.md` says how they were made). Another name is refused, with this list.",
    "",
    "| name | what |",
    "| ---- | ---- |",
    ...rows,
    "",
  ].join("\n");
}
