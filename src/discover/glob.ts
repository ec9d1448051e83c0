/**
 * The `ignore` globs of `.ne-lint.json`, matched against `/`-separated paths relative to the linted
 * root. Written by hand, on purpose: picomatch (and minimatch, micromatch) compile `*a*a*a*a*b` into
 * nested lazy `[^/]*?` groups that V8 backtracks polynomially — one such glob against a 60-character
 * file name hung a run — and none offers a linear mode. The config comes from the pull request, so
 * its patterns are hostile too.
 *
 * The syntax is the common subset: `*` (any run of characters within a path segment, dots included),
 * `**` as a whole segment (any number of segments, none included), `?` (one character but `/`),
 * `[abc]`, `[a-z]`, `[!abc]`/`[^abc]`, `{a,b}` (alternatives, nested allowed, at most 64 per pattern)
 * and `\` to escape. A leading `./` is dropped. Negation (`!x`) and extglobs (`@(a|b)`) are refused
 * with a config error instead of being read some other way.
 *
 * Cost: a segment is matched by placing the literal chunks between its stars leftmost-first (correct
 * because a star matches any run), so a pattern never revisits more than (segment length × chunk
 * length) characters, and `**` is a set of pattern positions advanced one path segment at a time (no
 * backtracking at all). `steps` counts character comparisons, for tests and budgets.
 */

export const MAX_IGNORE_PATTERNS = 200;
export const MAX_IGNORE_PATTERN_LENGTH = 256;
/** Alternatives one pattern's `{…}` groups may expand to. */
export const MAX_BRACE_ALTERNATIVES = 64;

export class GlobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GlobError";
  }
}

type Atom = { readonly kind: "char"; readonly char: string } | { readonly kind: "any" } | { readonly kind: "class"; readonly negated: boolean; readonly ranges: readonly (readonly [string, string])[] };

interface WildcardSegment {
  readonly kind: "segment";
  /** The atoms between stars: `a*b?c*d` → [[a], [b, ?, c], [d]]. One chunk means no star. */
  readonly chunks: readonly (readonly Atom[])[];
}

type PatternSegment = WildcardSegment | { readonly kind: "globstar" };

export interface GlobMatcher {
  /** True when any pattern matches `path` (relative, `/`-separated). */
  matches(path: string): boolean;
  /** Character comparisons made so far, over every call. */
  readonly steps: number;
}

/** Compiles every pattern once; throws `GlobError` for one outside the supported syntax or limits. */
export function compileGlobs(patterns: readonly string[]): GlobMatcher {
  if (patterns.length > MAX_IGNORE_PATTERNS) throw new GlobError(`ignore lists ${patterns.length} patterns; at most ${MAX_IGNORE_PATTERNS} are accepted`);
  const compiled: PatternSegment[][] = [];
  for (const pattern of patterns) {
    if (pattern.length > MAX_IGNORE_PATTERN_LENGTH) throw new GlobError(`an ignore pattern is ${pattern.length} characters long; at most ${MAX_IGNORE_PATTERN_LENGTH} are accepted`);
    if (pattern.startsWith("!")) throw new GlobError(`the ignore pattern ${JSON.stringify(pattern)} is negated; negated patterns are not supported`);
    if (/[@!+*?]\(/.test(pattern)) throw new GlobError(`the ignore pattern ${JSON.stringify(pattern)} uses an extglob such as @(a|b); use {a,b} instead`);
    for (const alternative of expandBraces(pattern)) compiled.push(parsePattern(alternative.startsWith("./") ? alternative.slice(2) : alternative));
  }
  const counter = { steps: 0 };
  return {
    matches: (path: string): boolean => {
      const segments = path.split("/");
      return compiled.some((pattern) => matchSegments(pattern, segments, counter));
    },
    get steps() {
      return counter.steps;
    },
  };
}

/** `{a,b}c` → `ac`, `bc`; a group without a top-level comma stays literal. */
function expandBraces(pattern: string): string[] {
  const results: string[] = [];
  const pending = [pattern];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    const group = firstBraceGroup(current);
    if (!group) {
      results.push(current);
    } else {
      for (const option of group.options) pending.push(current.slice(0, group.start) + option + current.slice(group.end + 1));
    }
    if (results.length + pending.length > MAX_BRACE_ALTERNATIVES) {
      throw new GlobError(`the ignore pattern ${JSON.stringify(pattern)} expands to more than ${MAX_BRACE_ALTERNATIVES} alternatives`);
    }
  }
  return results.reverse();
}

/** The first `{…}` holding a top-level comma: where it starts and ends and its options. */
function firstBraceGroup(pattern: string): { start: number; end: number; options: string[] } | undefined {
  for (let start = 0; start < pattern.length; start++) {
    const char = pattern[start];
    if (char === "\\") {
      start++;
      continue;
    }
    if (char !== "{") continue;
    let depth = 0;
    const commas: number[] = [];
    for (let i = start; i < pattern.length; i++) {
      const inner = pattern[i];
      if (inner === "\\") i++;
      else if (inner === "{") depth++;
      else if (inner === ",") {
        if (depth === 1) commas.push(i);
      } else if (inner === "}" && --depth === 0) {
        if (commas.length === 0) break;
        const bounds = [start, ...commas, i];
        return { start, end: i, options: bounds.slice(1).map((bound, k) => pattern.slice((bounds[k] as number) + 1, bound)) };
      }
    }
  }
  return undefined;
}

function parsePattern(pattern: string): PatternSegment[] {
  return splitSegments(pattern).map((segment) => (segment === "**" ? { kind: "globstar" } : parseSegment(segment)));
}

/** Splits at `/` outside escapes and classes. */
function splitSegments(pattern: string): string[] {
  const segments: string[] = [];
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === "\\") i++;
    else if (pattern[i] === "/") {
      segments.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  segments.push(pattern.slice(start));
  return segments;
}

function parseSegment(segment: string): WildcardSegment {
  const chunks: Atom[][] = [[]];
  for (let i = 0; i < segment.length; i++) {
    const char = segment[i] as string;
    const chunk = chunks.at(-1) as Atom[];
    if (char === "\\" && i + 1 < segment.length) {
      chunk.push({ kind: "char", char: segment[++i] as string });
    } else if (char === "*") {
      if (chunk.length > 0 || chunks.length === 1) chunks.push([]);
    } else if (char === "?") {
      chunk.push({ kind: "any" });
    } else if (char === "[") {
      const parsed = parseClass(segment, i);
      if (parsed) {
        chunk.push(parsed.atom);
        i = parsed.end;
      } else chunk.push({ kind: "char", char });
    } else chunk.push({ kind: "char", char });
  }
  return { kind: "segment", chunks };
}

/** `[!a-z_]` at `start`: the atom and the index of its `]`, or undefined when the class never closes. */
function parseClass(segment: string, start: number): { atom: Atom; end: number } | undefined {
  let i = start + 1;
  const negated = segment[i] === "!" || segment[i] === "^";
  if (negated) i++;
  const ranges: [string, string][] = [];
  for (let first = true; i < segment.length; first = false, i++) {
    let char = segment[i] as string;
    if (char === "]" && !first) return { atom: { kind: "class", negated, ranges }, end: i };
    if (char === "\\" && i + 1 < segment.length) char = segment[++i] as string;
    if (segment[i + 1] === "-" && i + 2 < segment.length && segment[i + 2] !== "]") {
      ranges.push([char, segment[i + 2] as string]);
      i += 2;
    } else ranges.push([char, char]);
  }
  return undefined;
}

/** `**` segments as a set of pattern positions, advanced one path segment at a time. */
function matchSegments(pattern: readonly PatternSegment[], path: readonly string[], counter: { steps: number }): boolean {
  let states = new Uint8Array(pattern.length + 1);
  states[0] = 1;
  closeOverGlobstars(pattern, states);
  for (const segment of path) {
    const next = new Uint8Array(pattern.length + 1);
    let any = false;
    for (let s = 0; s < pattern.length; s++) {
      if (!states[s]) continue;
      const part = pattern[s] as PatternSegment;
      counter.steps++;
      if (part.kind === "globstar") {
        next[s] = 1;
        any = true;
      } else if (matchSegment(part, segment, counter)) {
        next[s + 1] = 1;
        any = true;
      }
    }
    if (!any) return false;
    closeOverGlobstars(pattern, next);
    states = next;
  }
  return states[pattern.length] === 1;
}

function closeOverGlobstars(pattern: readonly PatternSegment[], states: Uint8Array): void {
  for (let s = 0; s < pattern.length; s++) if (states[s] && pattern[s]?.kind === "globstar") states[s + 1] = 1;
}

/**
 * One segment against a star pattern: the first chunk anchored at the start, the last at the end, the
 * ones between placed leftmost-first. Leftmost is always safe: a star before a chunk can absorb
 * anything, so an earlier placement leaves every later chunk at least as much room.
 */
function matchSegment(segment: WildcardSegment, text: string, counter: { steps: number }): boolean {
  const chunks = segment.chunks;
  const first = chunks[0] as readonly Atom[];
  // A segment of stars alone names something: `Vendor/*` matches `Vendor/x`, not `Vendor/`.
  if (text.length === 0) return chunks.every((chunk) => chunk.length === 0) ? chunks.length === 1 : false;
  if (chunks.length === 1) return first.length === text.length && matchAt(first, text, 0, counter);
  const last = chunks.at(-1) as readonly Atom[];
  if (first.length + last.length > text.length) return false;
  if (!matchAt(first, text, 0, counter) || !matchAt(last, text, text.length - last.length, counter)) return false;
  let position = first.length;
  const limit = text.length - last.length;
  for (let c = 1; c < chunks.length - 1; c++) {
    const chunk = chunks[c] as readonly Atom[];
    let found = -1;
    for (let at = position; at + chunk.length <= limit; at++) {
      if (matchAt(chunk, text, at, counter)) {
        found = at;
        break;
      }
    }
    if (found < 0) return false;
    position = found + chunk.length;
  }
  return true;
}

function matchAt(atoms: readonly Atom[], text: string, at: number, counter: { steps: number }): boolean {
  for (let i = 0; i < atoms.length; i++) {
    counter.steps++;
    const atom = atoms[i] as Atom;
    const char = text[at + i] as string;
    if (atom.kind === "char" ? atom.char !== char : atom.kind === "class" ? inClass(atom, char) === atom.negated : false) return false;
  }
  return true;
}

function inClass(atom: Atom & { kind: "class" }, char: string): boolean {
  return atom.ranges.some(([low, high]) => char >= low && char <= high);
}
