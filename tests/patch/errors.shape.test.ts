import { describe, it } from "vitest";
import { edited, expectIssue, node, type GoldenCase } from "./golden";

/** Problems with the shape of the JSON, found by the schema and the version check. */
const cases: GoldenCase[] = [
  {
    name: "not JSON",
    input: '{"format": }',
    path: "patch",
    message: /^not valid JSON: Unexpected token/,
  },
  {
    name: "JSON error with a position",
    input: '{\n  "format": "x",\n  "version" 1\n}',
    path: "patch",
    message: /^not valid JSON \(line 3, column 13\): Unexpected number in JSON at position 31$/,
  },
  { name: "truncated JSON", input: '{"format": "lat', path: "patch", message: /^not valid JSON/ },
  { name: "not an object", input: [1, 2], path: "patch", message: "expected an object, got [1,2]" },
  {
    name: "wrong format",
    input: edited((p) => (p.format = "latent-patcher.model")),
    path: "patch.format",
    message: 'expected "latent-patcher.patch", got "latent-patcher.model"',
  },
  {
    name: "newer version",
    input: edited((p) => (p.version = 3)),
    path: "patch.version",
    message: "this patch was saved by a newer Latent Patcher (version 3); this build reads up to 2",
  },
  {
    name: "missing version",
    input: edited((p) => delete p.version),
    path: "patch.version",
    message: "missing: expected the format version (this build reads versions 1 to 2)",
  },
  {
    name: "version 0",
    input: edited((p) => (p.version = 0)),
    path: "patch.version",
    message: /unknown version 0/,
  },
  {
    name: "version as text",
    input: edited((p) => (p.version = "1")),
    path: "patch.version",
    message: 'expected a whole number, got "1"',
  },
  {
    name: "unknown top-level key",
    input: edited((p) => (p.author = "me")),
    path: "patch.author",
    message:
      /^unknown key; expected one of format, version, name, description, model, transport, nodes/,
  },
  {
    name: "tempo out of range",
    input: edited((p) => (p.transport = { bpm: 1000 })),
    path: "patch.transport.bpm",
    message: /300/,
  },
  {
    name: "unknown transport key",
    input: edited((p) => (p.transport = { bpm: 100, swing: 0.5 })),
    path: "patch.transport.swing",
    message: /^unknown key; expected one of bpm, beatsPerBar, loopBars/,
  },
  {
    name: "missing name",
    input: edited((p) => delete p.name),
    path: "patch.name",
    message: "missing: expected a string",
  },
  {
    name: "name not text",
    input: edited((p) => (p.name = 42)),
    path: "patch.name",
    message: "expected a string, got 42",
  },
  {
    name: "bad node id",
    input: edited((p) => (node(p, 1).id = "my mix")),
    path: "patch.nodes[1].id",
    message: /^expected an id: a letter or _, then letters, digits, _ or -, got "my mix"$/,
  },
  {
    name: "unknown node key",
    input: edited((p) => (node(p, 2).colour = "red")),
    path: "patch.nodes[2].colour",
    message: "unknown key; expected one of id, type, params, position",
  },
  {
    name: "position not a pair",
    input: edited((p) => (node(p, 0).position = [1])),
    path: "patch.nodes[0].position",
    message: "expected a list of at least 2 items, got [1]",
  },
  {
    name: "param of the wrong shape",
    input: edited((p) => (node(p, 0).params.angle = { deg: 3 })),
    path: "patch.nodes[0].params.angle",
    message: /^expected a number, a string, true\/false, a list of numbers .*, got \{"deg":3\}$/,
  },
  {
    name: "long received values are truncated",
    input: edited((p) => (node(p, 0).params.angle = { text: "x".repeat(100) })),
    path: "patch.nodes[0].params.angle",
    message: /got \{"text":"x{30}…$/,
  },
  {
    name: "bad connection string",
    input: edited((p) => (p.connections[0] = { from: "oscout", to: "mix.a" })),
    path: "patch.connections[0].from",
    message: 'expected an endpoint "node.port", e.g. "enc.audio", got "oscout"',
  },
  {
    name: "unknown asset kind",
    input: edited((p) => (p.assets = { piano: { kind: "url", href: "http://x" } })),
    path: "patch.assets.piano.kind",
    message: 'expected "builtin", "file" or "embedded", got {"kind":"url","href":"http://x"}',
  },
  {
    name: "builtin name",
    input: edited((p) => (p.assets = { piano: { kind: "builtin", name: "Piano!" } })),
    path: "patch.assets.piano.name",
    message: /^expected a builtin name: lower-case letters, digits or -, got "Piano!"$/,
  },
  {
    name: "file path escaping the folder",
    input: edited((p) => (p.assets = { piano: { kind: "file", path: "../secret.wav" } })),
    path: "patch.assets.piano.path",
    message: /^expected a relative path .*, got "..\/secret.wav"$/,
  },
  {
    name: "absolute file path",
    input: edited((p) => (p.assets = { piano: { kind: "file", path: "/etc/passwd" } })),
    path: "patch.assets.piano.path",
    message: /got "\/etc\/passwd"$/,
  },
  {
    name: "URL as a file path",
    input: edited(
      (p) => (p.assets = { piano: { kind: "file", path: "https://example.com/a.wav" } }),
    ),
    path: "patch.assets.piano.path",
    message: /^expected a relative path/,
  },
  {
    name: "embedded base64 with bad characters",
    input: edited(
      (p) => (p.assets = { piano: { kind: "embedded", mime: "audio/wav", base64: "UklG R!==" } }),
    ),
    path: "patch.assets.piano.base64",
    message: 'expected base64 text, got "UklG R!=="',
  },
  {
    name: "asset id",
    input: edited((p) => (p.assets = { "my piano": { kind: "builtin", name: "piano" } })),
    path: 'patch.assets["my piano"]',
    message: /^expected a key that is an id: .*, got "my piano"$/,
  },
  {
    name: "unknown comment key",
    input: edited((p) => (p.comments = [{ id: "c", text: "hi", position: [0, 0], colour: "red" }])),
    path: "patch.comments[0].colour",
    message: "unknown key; expected one of id, text, position",
  },
  {
    name: "comment text not text",
    input: edited((p) => (p.comments = [{ id: "c", text: 3, position: [0, 0] }])),
    path: "patch.comments[0].text",
    message: "expected a string, got 3",
  },
  {
    name: "comment without position",
    input: edited((p) => (p.comments = [{ id: "c", text: "hi" }])),
    path: "patch.comments[0].position",
    message: /^missing: expected/,
  },
  {
    name: "ui not JSON",
    input: edited((p) => (p.ui = { zoom: Number.NaN })),
    path: "patch.ui.zoom",
    message: "expected a finite number, got null",
  },
];

describe("parsePatch shape errors (golden)", () => {
  it.each(cases)("$name", expectIssue);
});
