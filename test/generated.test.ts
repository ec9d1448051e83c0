/** Generated and bundled files must match their sources: rule index, rule docs, config schema, dist/. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generatedFiles, renderIndex, ruleFiles } from "../scripts/generate.js";
import { repoRoot } from "./helpers/paths.js";

describe("generated files are up to date (run `npm run docs`)", () => {
  it("rules/index.ts lists every rule file", () => {
    expect(readFileSync(path.join(repoRoot, "rules/index.ts"), "utf8")).toBe(renderIndex(ruleFiles()));
  });

  it("docs/rules and schema/config.schema.json match the rule metadata", async () => {
    for (const [file, text] of await generatedFiles()) {
      expect(readFileSync(path.join(repoRoot, file), "utf8"), `${file} is stale`).toBe(text);
    }
  });

  it("has no docs page without a rule", async () => {
    const expected = new Set([...(await generatedFiles()).keys()].filter((file) => file.startsWith("docs/rules/")));
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(path.join(dir, name)).isDirectory() ? walk(path.join(dir, name)) : [path.join(dir, name)]));
    const present = walk(path.join(repoRoot, "docs/rules")).map((file) => path.relative(repoRoot, file).split(path.sep).join("/"));
    expect(present.filter((file) => !expected.has(file))).toEqual([]);
  });
});

describe("dist/ is the build of the current sources (run `npm run build`)", () => {
  it("matches a fresh build byte for byte", () => {
    const outdir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-dist-"));
    try {
      execFileSync(process.execPath, [path.join(repoRoot, "scripts/build.mjs"), "--outdir", outdir], { cwd: repoRoot, stdio: "pipe" });
      const list = (dir: string, base = dir): string[] =>
        readdirSync(dir).flatMap((name) => {
          const full = path.join(dir, name);
          return statSync(full).isDirectory() ? list(full, base) : [path.relative(base, full)];
        });
      const fresh = list(outdir).sort();
      expect(list(path.join(repoRoot, "dist")).sort()).toEqual(fresh);
      for (const file of fresh) {
        expect(readFileSync(path.join(repoRoot, "dist", file)).equals(readFileSync(path.join(outdir, file))), `dist/${file} is stale`).toBe(true);
      }
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 120_000);
});
