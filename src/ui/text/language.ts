/**
 * The text form as a CodeMirror language: the Lezer parser of src/text/patch.grammar with
 * highlighting derived from its node names.
 */
import { HighlightStyle, LRLanguage, syntaxHighlighting } from "@codemirror/language";
import type { Extension } from "@codemirror/state";
import { styleTags, tags as t } from "@lezer/highlight";
import { parser } from "../../text/parser";

const highlighted = parser.configure({
  props: [
    styleTags({
      LineComment: t.lineComment,
      "NodeId/Identifier": t.definition(t.variableName),
      "TypeName/Identifier": t.typeName,
      "ParamName/Identifier": t.propertyName,
      "Reference/Identifier": t.variableName,
      "Callee/Identifier": t.function(t.variableName),
      "name description model tempo asset subpatch": t.keyword,
      Number: t.number,
      String: t.string,
      Json: t.special(t.string),
      "( )": t.paren,
      "[ ]": t.squareBracket,
      "< >": t.angleBracket,
      "= : ..": t.operator,
    }),
  ],
});

/** The patch text language. */
export const patchLanguage = LRLanguage.define({
  name: "latent-patch",
  parser: highlighted,
  languageData: { commentTokens: { line: "#" } },
});

const style = HighlightStyle.define([
  { tag: t.lineComment, color: "#7a8599", fontStyle: "italic" },
  { tag: t.definition(t.variableName), color: "#e8c170", fontWeight: "600" },
  { tag: t.typeName, color: "#7fc8f8" },
  { tag: t.propertyName, color: "#b7a4f5" },
  { tag: t.variableName, color: "#d8dee9" },
  { tag: t.function(t.variableName), color: "#8fd18f" },
  { tag: t.keyword, color: "#f29e74", fontWeight: "600" },
  { tag: t.number, color: "#f5a97f" },
  { tag: [t.string, t.special(t.string)], color: "#a6da95" },
  { tag: t.operator, color: "#9aa5b8" },
]);

/** The language with its colours. */
export function patchTextSyntax(): Extension {
  return [patchLanguage, syntaxHighlighting(style)];
}
