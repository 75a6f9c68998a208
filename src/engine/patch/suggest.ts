/**
 * "Did you mean ...?" suggestions for misspelt names (node types, node ids, ports).
 */

/** Levenshtein distance, ignoring case (so "filmrrotate" is 0 away from "FiLMRRotate"). */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[t.length] ?? 0;
}

/**
 * The candidates closest to `name`, at most `limit`, within an edit distance that grows with the
 * length of the name (1 for short names, up to a third of the length).
 */
export function closestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  if (name.length > 100) return [];
  const maxDistance = Math.max(1, Math.floor(name.length / 3));
  return [...candidates]
    .map((c) => ({ c, d: editDistance(name, c) }))
    .filter(({ d }) => d <= maxDistance)
    .sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : 1))
    .slice(0, limit)
    .map(({ c }) => c);
}

/** `; did you mean "A" or "B"?`, or "" when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const close = closestNames(name, candidates).map((c) => JSON.stringify(c));
  if (close.length === 0) return "";
  const last = close.pop() ?? "";
  return `; did you mean ${close.length ? `${close.join(", ")} or ${last}` : last}?`;
}
