import { vi } from "vitest";

/**
 * How many times `body` calls one `String.prototype` method. Scanners that replace backtracking regexes
 * search with `indexOf`/`lastIndexOf` or read with `charCodeAt`; a count that stays flat, or grows only with
 * the characters actually examined, is their work bound (issue 16), where a wall-clock limit would be flaky.
 */
export function stringCalls<T>(method: "indexOf" | "lastIndexOf" | "charCodeAt", body: () => T): { value: T; calls: number } {
  const spy = vi.spyOn(String.prototype, method);
  try {
    const value = body();
    return { value, calls: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
}
