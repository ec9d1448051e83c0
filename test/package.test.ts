/**
 * What a user installs and copies (issue 14): the package ships a LICENSE and says where it lives, the
 * Action's `uses:` lines name the tag the documented release process creates, and the ESLint setup installs
 * what its config imports.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers/paths.js";

const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
const read = (file: string): string => readFileSync(path.join(repoRoot, file), "utf8");

describe("package metadata", () => {
  it("names its repository, homepage and issue tracker, and the licence file exists", () => {
    expect(pkg.repository).toEqual({ type: "git", url: "git+https://github.com/ne-lint/ne-lint.git" });
    expect(pkg.homepage).toBe("https://github.com/ne-lint/ne-lint#readme");
    expect(pkg.bugs).toEqual({ url: "https://github.com/ne-lint/ne-lint/issues" });
    expect(read("LICENSE")).toMatch(/^MIT License\n/);
    expect(pkg.license).toBe("MIT");
  });

  it("npm pack ships LICENSE, README, the rule docs, the schemas and the bundles", () => {
    const run = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: repoRoot, encoding: "utf8", timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const files = new Set((JSON.parse(run.stdout)[0].files as { path: string }[]).map((file) => file.path));
    for (const file of ["LICENSE", "README.md", "package.json", "action.yml", "dist/cli.js", "dist/cli.cjs", "dist/index.cjs", "dist/index.js", "schema/json-output.schema.json", "docs/rules/ats/arbitrary-loads.md", "docs/releasing.md"]) {
      expect(files.has(file), file).toBe(true);
    }
    expect([...files].some((file) => file.startsWith("test/") || file.startsWith("src/"))).toBe(false);
  });
});

describe("the Action's uses: lines", () => {
  const major = `v${String(pkg.version).split(".")[0]}`;
  it(`name the major tag ${major} that docs/releasing.md creates and moves`, () => {
    const lines = ["README.md", "docs/github-action.md"].flatMap((file) => [...read(file).matchAll(/uses: ne-lint\/ne-lint@(\S+)/g)].map((match) => `${file}: ${match[1]}`));
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line).toMatch(new RegExp(`: ${major}$`));
    const releasing = read("docs/releasing.md");
    expect(releasing).toContain(`git tag -f ${major} `);
    expect(releasing).toContain("git tag -a v");
  });
});

describe("docs/eslint.md", () => {
  it("installs every package its eslint.config.js imports", () => {
    const doc = read("docs/eslint.md");
    const config = /```js\n([\s\S]*?)```/.exec(doc)?.[1] ?? "";
    const imported = [...config.matchAll(/from "([^"]+)"/g)].map((match) => match[1] as string).map((name) => (name.startsWith("@") ? name.split("/").slice(0, 2).join("/") : name.split("/")[0]!));
    expect(imported).toEqual(expect.arrayContaining(["eslint", "@eslint/js", "ne-lint"]));
    const install = /npm install --save-dev ([^\n]+)/.exec(doc)?.[1]?.split(/\s+/) ?? [];
    for (const name of imported) expect(install, name).toContain(name);
  });
});
