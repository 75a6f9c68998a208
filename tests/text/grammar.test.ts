import { readFileSync } from "node:fs";
import { buildParserFile } from "@lezer/generator";
import { format, resolveConfig } from "prettier";
import { describe, expect, it } from "vitest";
import { parser } from "../../src/text";

/** The tree as `Name(children)`, skipping anonymous punctuation. */
function shape(text: string): string {
  const out: string[] = [];
  parser.parse(text).iterate({
    enter: (n) => {
      if (/^[A-Z⚠]/.test(n.name)) out.push(n.name === "Identifier" ? "" : `${n.name}(`);
      return n.name !== "Identifier";
    },
    leave: (n) => {
      if (/^[A-Z⚠]/.test(n.name) && n.name !== "Identifier") out.push(")");
    },
  });
  return out.join("").replace(/\(\)/g, "");
}

describe("patch.grammar", () => {
  it("reads a node line: id, type, a positional input and named values of every kind", () => {
    expect(shape('r = FiLMRRotate d.latent angle=-6.5e-1deg u=[1 2] label="x" f=<0 1>\n')).toBe(
      "Program(Line(NodeLine(NodeId,TypeName,Reference,Named(ParamName,Number),Named(ParamName,List(Number,Number)),Named(ParamName,String),Named(ParamName,Steps(Number,Number)))))".replace(
        /,/g,
        "",
      ),
    );
  });

  it("reads shorthands with ranges, curves, subpatch types and comments", () => {
    const tree = shape("# c\nt = subpatch:turn x a.b=lfo(1/4beat, 0..90) c=[0:0 4:1] // end\n");
    expect(tree).toContain("LineComment");
    expect(tree).toContain("TypeName");
    expect(tree).toContain("Call(Callee Number Range(Number Number))".replace(/ /g, ""));
    expect(tree).toContain("List(Pair(NumberNumber)Pair(NumberNumber))");
  });

  it("lets a header keyword be a node id too", () => {
    expect(shape("model = Encode\nmodel pca-spectral\n")).toBe(
      "Program(Line(NodeLine(NodeIdTypeName))Line(Header(HeaderKeywordReference)))",
    );
  });

  it("reads a subpatch line's JSON as one token, braces and all", () => {
    expect(shape('subpatch {"id":"a","nodes":[{"x":"}"}]}\n')).toBe(
      "Program(Line(SubpatchLine(subpatch)))".replace("(subpatch)", "(Json)"),
    );
  });

  it("marks an error where the line stops making sense", () => {
    expect(shape("a = = 1\n")).toContain("⚠");
  });
});

describe("the committed parser", () => {
  it("is what `npm run text:grammar` makes of patch.grammar today", async () => {
    const file = "src/text/patch.grammar";
    const built = buildParserFile(readFileSync(file, "utf8"), {
      fileName: file,
      moduleStyle: "es",
      typeScript: true,
    });
    const options = { ...(await resolveConfig("src/text/parser.ts")), parser: "typescript" };
    expect(await format(built.parser, options)).toBe(readFileSync("src/text/parser.ts", "utf8"));
    expect(await format(built.terms, options)).toBe(
      readFileSync("src/text/parser.terms.ts", "utf8"),
    );
  });
});
