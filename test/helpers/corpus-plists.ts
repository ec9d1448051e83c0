import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { corpusDir, hasCorpus, sharedDir } from "./paths.js";

/** Every property list, entitlements and `.xcent` file of the corpus and holdout (none when they are absent). */
export function corpusPlistFiles(): string[] {
  if (!hasCorpus) return [];
  return [corpusDir, path.join(sharedDir, "holdout")]
    .filter((folder) => existsSync(folder))
    .flatMap((folder) => execFileSync("find", [folder, "-type", "f", "(", "-name", "*.plist", "-o", "-name", "*.entitlements", "-o", "-name", "*.xcent", ")"], { encoding: "utf8" }).trim().split("\n"));
}
