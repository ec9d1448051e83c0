/**
 * The one invariant every fuzz target enforces: an input either decodes or yields a typed
 * `DecodeError`. `internal` is the code the decoders' guards give an exception they did not expect,
 * so it is a bug too. A thrown `FuzzFinding` is the only way a target reports a violation.
 */
import type { DecodeResult } from "../../src/decode/result.js";
import type { PlistValue, SourceRange } from "../../src/model/plist.js";

export class FuzzFinding extends Error {
  /** Short, stable category: `untyped-error`, `internal`, `slow`, `bad-error`, `bad-tree`. */
  readonly kind: string;
  constructor(kind: string, message: string) {
    super(`${kind}: ${message}`);
    this.name = "FuzzFinding";
    this.kind = kind;
  }
}

/** Inputs under this size must finish within `SLOW_MS`; bigger ones are only bounded by the decoders' own limits. */
export const SMALL_INPUT_BYTES = 64 * 1024;
export const SLOW_MS = 1_000;

/** Checks a decoder's result: `ok`, or an error with a non-internal code and a one-line message. */
export function expectTyped<T>(result: DecodeResult<T>, what: string): T | undefined {
  if (result.ok) return result.value;
  const { code, message } = result.error;
  if (typeof code !== "string" || code.length === 0) throw new FuzzFinding("bad-error", `${what} returned an error without a code`);
  if (code === "internal") throw new FuzzFinding("internal", `${what}: ${message}`);
  if (typeof message !== "string" || message.length === 0) throw new FuzzFinding("bad-error", `${what} returned '${code}' without a message`);
  // A stack trace in a message would reach users' terminals and CI logs.
  if (/\n\s+at /.test(message)) throw new FuzzFinding("bad-error", `${what} returned '${code}' with a stack trace in its message`);
  return undefined;
}

/**
 * Runs one decode and turns anything that escapes into a finding. A slow small input is run once
 * more before it counts, so a garbage-collection pause on a busy machine is not reported as a hang.
 */
export async function runGuarded(data: Buffer, body: () => Promise<void> | void, slowMs = SLOW_MS): Promise<void> {
  const once = async (): Promise<number> => {
    const started = performance.now();
    try {
      await body();
    } catch (error) {
      if (error instanceof FuzzFinding) throw error;
      const name = error instanceof Error ? error.name : typeof error;
      const message = error instanceof Error ? error.message : String(error);
      throw new FuzzFinding("untyped-error", `an exception escaped the decoder (${name}: ${message})`);
    }
    return performance.now() - started;
  };
  const elapsed = await once();
  if (data.length < SMALL_INPUT_BYTES && elapsed > slowMs) {
    const again = await once();
    if (again > slowMs) throw new FuzzFinding("slow", `a ${data.length}-byte input took ${Math.round(Math.min(elapsed, again))} ms (limit ${slowMs} ms)`);
  }
}

/**
 * Walks a decoded tree and checks what rules rely on: parents link back, ranges lie inside the text
 * and do not run backwards, dict lookups agree with the entries. Bounded by the tree's size, which
 * the decoders already limit.
 */
export function checkTree(root: PlistValue, textLength: number | undefined, what: string): void {
  const stack: PlistValue[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    checkRange(node.loc, textLength, what);
    if (node.type === "Array") {
      for (const item of node.items) {
        if (item.parent !== node) throw new FuzzFinding("bad-tree", `${what}: an array item does not link to its array`);
        stack.push(item);
      }
    } else if (node.type === "Dict") {
      for (const entry of node.entries) {
        if (entry.parent !== node || entry.value.parent !== entry || entry.key.parent !== entry) {
          throw new FuzzFinding("bad-tree", `${what}: a dict entry is not linked to its dict`);
        }
        if (typeof entry.key.value !== "string") throw new FuzzFinding("bad-tree", `${what}: a dict key is not a string`);
        checkRange(entry.key.loc, textLength, what);
        stack.push(entry.value);
      }
      const entries = new Set(node.entries);
      for (const [key, entry] of node.byKey) {
        if (entry.key.value !== key || !entries.has(entry)) throw new FuzzFinding("bad-tree", `${what}: byKey disagrees with the entries`);
      }
    }
  }
}

function checkRange(loc: SourceRange | undefined, textLength: number | undefined, what: string): void {
  if (!loc) return;
  if (textLength === undefined) throw new FuzzFinding("bad-tree", `${what}: a node decoded from binary has a source range`);
  const { start, end } = loc;
  if (!(start.offset >= 0 && start.offset <= end.offset && end.offset <= textLength && start.line >= 1 && start.column >= 1 && end.line >= start.line)) {
    throw new FuzzFinding("bad-tree", `${what}: a node's range ${JSON.stringify(loc)} lies outside the ${textLength}-character text`);
  }
}
