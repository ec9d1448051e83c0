/** OS version arithmetic for deployment targets ("9.0", "10.12", "17"). */

/** Compares dotted versions numerically; missing parts count as 0. Returns <0, 0, >0. */
export function compareVersions(a: string, b: string): number {
  const left = partsOf(a);
  const right = partsOf(b);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * A version's numeric parts. A run compares the same few deployment targets for every document (20,000 on a
 * large tree), so each is split once (remembered up to a bound, short strings only: the map outlives a run in
 * the ESLint plugin; the parts are never changed).
 */
function partsOf(version: string): readonly number[] {
  let parts = knownParts.get(version);
  if (!parts) {
    parts = version.split(".").map((part) => Number.parseInt(part, 10) || 0);
    if (knownParts.size < MAX_REMEMBERED_VERSIONS && version.length <= 32) knownParts.set(version, parts);
  }
  return parts;
}

const knownParts = new Map<string, readonly number[]>();
const MAX_REMEMBERED_VERSIONS = 1_000;

/** True for strings that look like an OS version (digits and dots), so placeholders are never compared. */
export function isVersion(value: string | undefined): value is string {
  return value !== undefined && /^\d+(\.\d+){0,2}$/.test(value.trim());
}
