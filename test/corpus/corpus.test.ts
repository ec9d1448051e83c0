import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { corpusDir, corpusSkipReason, hasCorpus } from "../helpers/paths.js";
import { corpusSnapshot, type Snapshot } from "./snapshot.js";

const expected = JSON.parse(readFileSync(path.join(import.meta.dirname, "expected.json"), "utf8")) as Snapshot;

describe.skipIf(!hasCorpus)("reviewed findings on the real corpus", async () => {
  const actual = hasCorpus ? await corpusSnapshot(corpusDir) : {};
  const repositories = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  it.each(repositories)("%s", (repository) => {
    expect(actual[repository] ?? []).toEqual(expected[repository] ?? []);
  });

  it("keeps the compliant references free of errors and warnings (LuLu, DNSMonitor, WireGuard, RN template, Capacitor)", () => {
    for (const repository of ["objective-see__LuLu", "objective-see__DNSMonitor", "WireGuard__wireguard-apple", "react-native-community__template", "ionic-team__capacitor"]) {
      expect((actual[repository] ?? []).filter((line) => !line.startsWith("note ")), repository).toEqual([]);
    }
  });
});

if (!hasCorpus) console.warn(`corpus.test.ts: ${corpusSkipReason}`);
