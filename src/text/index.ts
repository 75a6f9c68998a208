/**
 * The text form of a patch (docs/text-format.md): `textToPatch`, `patchToText`, and the Lezer
 * parser that the editor highlights with.
 */
export { TextError, type TextIssue } from "./errors";
export { textToPatch } from "./toPatch";
export { formatNumber, patchToText } from "./toText";
export { parser } from "./parser";
