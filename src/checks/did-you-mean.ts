/** "Did you mean …?" suggestions for misspelled keys and values. */

let rowA = new Uint32Array(64);
let rowB = new Uint32Array(64);

/** Levenshtein distance with an early exit once `limit` is exceeded. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // Two rows reused across calls: this runs for every unknown key against every known one, on every plist.
  if (rowA.length < b.length + 1) {
    rowA = new Uint32Array(b.length + 1);
    rowB = new Uint32Array(b.length + 1);
  }
  let previous = rowA;
  let current = rowB;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const letter = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = letter === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

/** Candidates are a fixed vocabulary (Apple's keys and values), so their lower-case forms are kept. */
const lowerCaseOf = new Map<string, string>();
const MAX_REMEMBERED = 10_000;

function lowerCase(word: string): string {
  let lower = lowerCaseOf.get(word);
  if (lower === undefined) {
    lower = word.toLowerCase();
    if (lowerCaseOf.size < MAX_REMEMBERED) lowerCaseOf.set(word, lower);
  }
  return lower;
}

/**
 * The closest candidate, if it is close enough to be a likely typo: same letters in another case,
 * or an edit distance within about a quarter of the word (at least 2, at most 4).
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const candidateLower = lowerCase(candidate);
    if (candidateLower === lower) return candidate;
    const limit = Math.min(4, Math.max(2, Math.floor(candidate.length / 4)));
    if (Math.abs(lower.length - candidateLower.length) > limit) continue;
    const distance = editDistance(lower, candidateLower, limit);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
