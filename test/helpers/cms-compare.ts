/**
 * Comparing what the fast readers (`cms-der.ts`, `x509-der.ts`) and their asn1js/pkijs fallback
 * return, for the differential tests and the `profile` fuzz target.
 */

/**
 * The value with every byte array as its type and hex, so a deep comparison of thousands of results
 * stays fast (element-wise comparison of 20 KB arrays does not) and still tells a Buffer from a
 * Uint8Array. Dates stay dates. Other class instances become their class name (results hold none:
 * certificate facts are plain frozen objects, compared field by field).
 */
export function comparable(value: unknown): unknown {
  if (value instanceof Uint8Array) return `${value.constructor.name}:${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex")}`;
  if (Array.isArray(value)) return value.map(comparable);
  if (value instanceof Date || value === null || typeof value !== "object") return value;
  if (Object.getPrototypeOf(value) !== Object.prototype) return `instance of ${(value as object).constructor.name}`;
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, comparable(entry)]));
}

/** Where two results differ (a path such as `$.signers[0].signingTime`), or undefined when they do not. */
export function firstDifference(left: unknown, right: unknown): string | undefined {
  return differenceAt(comparable(left), comparable(right), "$");
}

function differenceAt(left: unknown, right: unknown, path: string): string | undefined {
  if (left instanceof Date || right instanceof Date) {
    return left instanceof Date && right instanceof Date && left.getTime() === right.getTime() ? undefined : path;
  }
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return path;
    for (let index = 0; index < left.length; index++) {
      const difference = differenceAt(left[index], right[index], `${path}[${index}]`);
      if (difference) return difference;
    }
    return undefined;
  }
  const plain = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype;
  if (plain(left) || plain(right)) {
    if (!plain(left) || !plain(right)) return path;
    const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])];
    for (const key of keys) {
      if (Object.hasOwn(left, key) !== Object.hasOwn(right, key)) return `${path}.${key}`;
      const difference = differenceAt(left[key], right[key], `${path}.${key}`);
      if (difference) return difference;
    }
    return undefined;
  }
  return Object.is(left, right) ? undefined : path;
}
