/** Per-loader counts of a fuzz run: outcomes, refusal classes, slowest and hungriest cases. */
import type { Outcome } from "./types";

export interface CaseNote {
  readonly index: number;
  readonly note: string;
  readonly ms: number;
  readonly growthMB: number;
  readonly bytes: number;
  readonly outcome: string;
}

export interface Finding extends CaseNote {
  readonly kind: "crashed" | "hung" | "over-memory";
  readonly message: string;
  readonly saved: string;
}

const TOP = 10;

/** What one loader's run found. */
export class Tally {
  cases = 0;
  loaded = 0;
  refused = new Map<string, number>();
  crashed = 0;
  hung = 0;
  overMemory = 0;
  maxMessageLines = 0;
  maxMessageLength = 0;
  totalMs = 0;
  wallMs = 0;
  readonly slowest: CaseNote[] = [];
  readonly hungriest: CaseNote[] = [];
  readonly findings: Finding[] = [];
  readonly examples = new Map<string, string>();
  /** Cases and milliseconds by generator (the note's first segment: tree, bytes, bomb, …). */
  readonly byGenerator = new Map<string, { cases: number; ms: number; loaded: number }>();

  /** Why the loader stopped before `planned` cases (a time budget, an interrupt), if it did. */
  stopped: string | undefined;

  constructor(
    readonly loader: string,
    readonly planned: number,
  ) {}

  add(index: number, outcome: Outcome, ms: number, growthMB: number, bytes: number, note: string) {
    this.cases++;
    this.totalMs += ms;
    const label = outcome.kind === "refused" ? `refused:${outcome.cls}` : outcome.kind;
    const entry = { index, note, ms, growthMB, bytes, outcome: label };
    keepTop(this.slowest, entry, (c) => c.ms);
    const gen = note.split(":")[0] || "?";
    const g = this.byGenerator.get(gen) ?? { cases: 0, ms: 0, loaded: 0 };
    g.cases++;
    g.ms += ms;
    if (outcome.kind === "loaded") g.loaded++;
    this.byGenerator.set(gen, g);
    keepTop(this.hungriest, entry, (c) => c.growthMB);
    switch (outcome.kind) {
      case "loaded":
        this.loaded++;
        break;
      case "refused":
        this.refused.set(outcome.cls, (this.refused.get(outcome.cls) ?? 0) + 1);
        if (!this.examples.has(outcome.cls)) this.examples.set(outcome.cls, outcome.message);
        this.maxMessageLines = Math.max(this.maxMessageLines, outcome.lines);
        this.maxMessageLength = Math.max(this.maxMessageLength, outcome.length);
        break;
      case "crashed":
        this.crashed++;
        break;
      case "hung":
        this.hung++;
        break;
      case "over-memory":
        this.overMemory++;
        break;
    }
  }

  /** Records a case that crashed, hung or went over memory, with where its input was saved. */
  find(finding: Finding): void {
    this.findings.push(finding);
  }

  toJSON() {
    return {
      loader: this.loader,
      cases: this.cases,
      planned: this.planned,
      stopped: this.stopped ?? null,
      loaded: this.loaded,
      refused: Object.fromEntries([...this.refused].sort((a, b) => b[1] - a[1])),
      refusedTotal: [...this.refused.values()].reduce((a, b) => a + b, 0),
      crashed: this.crashed,
      hung: this.hung,
      overMemory: this.overMemory,
      maxMessageLines: this.maxMessageLines,
      maxMessageLength: this.maxMessageLength,
      meanCaseMs: this.cases ? this.totalMs / this.cases : 0,
      wallSeconds: this.wallMs / 1000,
      byGenerator: Object.fromEntries(
        [...this.byGenerator].map(([k, g]) => [k, { ...g, meanMs: g.ms / g.cases }]),
      ),
      refusalExamples: Object.fromEntries(this.examples),
      slowest: this.slowest,
      hungriest: this.hungriest,
      findings: this.findings,
    };
  }
}

function keepTop(list: CaseNote[], entry: CaseNote, key: (c: CaseNote) => number): void {
  if (list.length === TOP && key(entry) <= key(list[TOP - 1]!)) return;
  list.push(entry);
  list.sort((a, b) => key(b) - key(a));
  list.length = Math.min(list.length, TOP);
}
