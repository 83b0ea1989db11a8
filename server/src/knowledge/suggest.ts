/** Did-you-mean ranking shared by key, cipher and curve suggestions. */

/** Classic Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  let cur = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/**
 * Ranks `candidates` against `input` for a did-you-mean list. Comparison ignores case and treats
 * `-` like `_`. Candidates in `preferred` come first (in that order); the rest follow by edit
 * distance, then by their position in `candidates`, and only those within `maxDistance`.
 */
export function rankSuggestions(
  input: string,
  candidates: readonly string[],
  n: number,
  preferred: readonly string[] = [],
  maxDistance = Math.max(3, Math.floor(input.length / 3)),
): string[] {
  const norm = (s: string) => s.toLowerCase().replace(/-/g, '_');
  const wanted = norm(input);
  const out: string[] = [];
  for (const p of preferred) if (candidates.includes(p) && !out.includes(p)) out.push(p);
  const scored = candidates
    .filter((c) => !out.includes(c))
    .map((c, index) => ({ c, index, d: editDistance(wanted, norm(c)) }))
    .filter((s) => s.d <= maxDistance)
    .sort((x, y) => x.d - y.d || x.index - y.index);
  for (const s of scored) out.push(s.c);
  return out.slice(0, Math.max(0, n));
}
