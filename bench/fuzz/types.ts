/** What every fuzzed loader provides to the runner. */
import type { Rng } from "./rng";

/** One fuzz input: the bytes a user could hand the loader, and how they were made. */
export interface FuzzCase {
  readonly bytes: Uint8Array;
  /** The generator or mutation chain, e.g. `mutate:reconstruct:flip@12`. */
  readonly note: string;
  /** Extra facts `run` needs besides the bytes (which pack an ONNX file replaces, …). */
  readonly meta?: Readonly<Record<string, string>>;
}

/** A loader opened for running cases (engines warmed, sessions made). */
export interface FuzzTarget {
  /** Resolves when the input loaded; throws the loader's refusal otherwise. */
  run(c: FuzzCase): Promise<void>;
  close(): Promise<void>;
}

export interface FuzzLoader<Corpus = unknown> {
  readonly name: string;
  /** File extension of a saved input. */
  readonly ext: string;
  readonly defaultCases: number;
  /** Per-case wall-clock limit, beyond which the case counts as hung. */
  readonly limitMs: number;
  /** Error names that count as a refusal (anything else thrown is a crash). */
  readonly expected: readonly string[];
  /** The loader promises one-line messages (PatchError and ModelPackError list one problem a line). */
  readonly singleLine?: boolean;
  /** Reads the valid inputs mutations start from; cheap, used by the runner to regenerate. */
  corpus(root: string): Promise<Corpus>;
  generate(corpus: Corpus, rng: Rng): FuzzCase;
  open(corpus: Corpus, root: string): Promise<FuzzTarget>;
}

/** How one case ended. */
export type Outcome =
  | { readonly kind: "loaded" }
  | {
      readonly kind: "refused";
      readonly cls: string;
      readonly message: string;
      readonly lines: number;
      readonly length: number;
    }
  | {
      readonly kind: "crashed";
      readonly cls: string;
      readonly message: string;
      readonly stack?: string;
    }
  | { readonly kind: "hung"; readonly message: string }
  | { readonly kind: "over-memory"; readonly message: string };
