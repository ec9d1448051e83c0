/** OS version arithmetic for deployment targets ("9.0", "10.12", "17"). */

/** Compares dotted versions numerically; missing parts count as 0. Returns <0, 0, >0. */
export function compareVersions(a: string, b: string): number {
  const left = a.split(".").map((part) => Number.parseInt(part, 10) || 0);
  const right = b.split(".").map((part) => Number.parseInt(part, 10) || 0);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** True for strings that look like an OS version (digits and dots), so placeholders are never compared. */
export function isVersion(value: string | undefined): value is string {
  return value !== undefined && /^\d+(\.\d+){0,2}$/.test(value.trim());
}
