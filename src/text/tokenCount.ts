/**
 * Counting before parsing: the parser's tree costs memory per token (a 15 MB text of 4.5 million
 * tokens took 350 MB and 9 s), so a text holding more tokens than any honest patch is refused
 * before it is parsed. One pass over the characters: a token starts where a run of anything but
 * blanks and punctuation begins, outside strings, comments and a subpatch line's JSON.
 */

/** Tokens a patch text may hold (about 150 MB of parse at most): 10,000 nodes of six words each and fifty Curves of 4,096 points fit. */
export const MAX_TEXT_TOKENS = 500_000;

const BLANK = new Set([
  " ",
  "\t",
  "\r",
  "\n",
  "\u00a0",
  ",",
  "=",
  ":",
  "(",
  ")",
  "[",
  "]",
  "<",
  ">",
]);

/** The tokens of `text`, counted up to `max` + 1 (the count stops once past it). */
export function countTokens(text: string, max = MAX_TEXT_TOKENS): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length && count <= max; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      count++;
      inWord = false;
      for (i++; i < text.length && text[i] !== '"' && text[i] !== "\n"; i++)
        if (text[i] === "\\") i++;
    } else if (ch === "#" || ch === "{" || (ch === "/" && text[i + 1] === "/")) {
      count++; // a comment, or a subpatch line's JSON: one token to the end of the line
      inWord = false;
      const end = text.indexOf("\n", i);
      i = end < 0 ? text.length : end;
    } else if (BLANK.has(ch)) inWord = false;
    else if (!inWord) {
      count++;
      inWord = true;
    }
  }
  return count;
}
