/**
 * Helpers for the golden error tests: the issues a patch is refused with, and edits of the
 * valid fixture.
 */
import { expect } from "vitest";
import { PatchError, type PatchIssue } from "../../src/engine/patch/errors";
import { parsePatch } from "../../src/engine/patch/parse";
import { registry, validPatchJson } from "./fixtures";

export type Json = Record<string, unknown>;
type EditablePatch = Json & { nodes: Json[]; connections: Json[] };

/** The issues parsePatch reports for `input`; fails the test if it loads or throws anything else. */
export function issuesOf(input: unknown): readonly PatchIssue[] {
  try {
    parsePatch(input, registry);
  } catch (e) {
    if (e instanceof PatchError) return e.issues;
    throw e;
  }
  throw new Error("expected the patch to be refused");
}

/** Applies `edit` to a fresh copy of the valid fixture. */
export function edited(edit: (p: EditablePatch) => void): Json {
  const p = validPatchJson() as EditablePatch;
  edit(p);
  return p;
}

/** Node `i` of an edited patch, with its params. */
export const node = (p: { nodes: Json[] }, i: number): Json & { params: Json } =>
  p.nodes[i] as Json & { params: Json };

export interface GoldenCase {
  name: string;
  input: unknown;
  path: string;
  message: string | RegExp;
}

/** Asserts that `c.input` is refused with an issue at `c.path` whose message matches. */
export function expectIssue(c: GoldenCase): void {
  const issues = issuesOf(c.input);
  const issue = issues.find((i) => i.path === c.path);
  const all = issues.map((i) => `${i.path}: ${i.message}`).join("\n");
  expect(issue, `issues were:\n${all}`).toBeDefined();
  if (typeof c.message === "string") expect(issue?.message).toBe(c.message);
  else expect(issue?.message).toMatch(c.message);
}
