/**
 * What a run keeps of a project after its turn must not keep the project's text alive (issue #17: peak RSS).
 * Memory is measured after a full collection: a slice of an 8 MB text holds all of it, a detached copy does not.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { detached } from "../../src/decode/xcode/detached.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function heapAfterCollection(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Heap still held by 100 names of 40 characters cut from an 8 MB project text, once that text is dropped. */
function retainedBy(keep: (name: string) => string): { bytes: number; names: string[] } {
  const before = heapAfterCollection();
  const names = ((): string[] => {
    let text = "";
    for (let i = 0; text.length < 8 * 1024 * 1024; i++) text += `\t\t${i.toString(16).padStart(8, "0")} /* Target named at some length */ = {isa = PBXNativeTarget;};\n`;
    text = text.slice(0);
    return Array.from({ length: 100 }, (_, i) => keep(text.slice(i * 1000 + 2, i * 1000 + 42)));
  })();
  return { bytes: heapAfterCollection() - before, names };
}

describe("detached", () => {
  it("is the same text", () => {
    expect(detached("short")).toBe("short");
    expect(detached("PRODUCT_BUNDLE_IDENTIFIER = com.example.app")).toBe("PRODUCT_BUNDLE_IDENTIFIER = com.example.app");
  });

  it("does not keep the text it was cut from alive (a plain slice does)", () => {
    const sliced = retainedBy((name) => name);
    const copied = retainedBy(detached);
    expect(sliced.bytes).toBeGreaterThan(4 * 1024 * 1024);
    expect(copied.bytes).toBeLessThan(1024 * 1024);
    expect(copied.names).toEqual(sliced.names);
  });
});
