// `npm run validate-sarif [paths...]`: lints the real-world corpus (or the given paths) with the bundled CLI
// and runs Microsoft's SARIF validator (`@microsoft/sarif-multitool validate`, the validator behind
// sarifweb.azurewebsites.net) on the SARIF it writes. Exits 1 if the validator reports any error or
// warning. The multitool is a .NET program shipped as a platform package (about 100 MB), so it is not a
// devDependency: npm fetches it once into its cache (`npm exec`). Needs `npm run build` first.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const MULTITOOL = "@microsoft/sarif-multitool@5.7.0";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// The shared research folder beside the repository, as test/helpers/paths.ts finds it.
const shared = path.resolve(root, "../shared");
const given = process.argv.slice(2);
const paths = given.length > 0 ? given : ["corpus", "holdout"].map((name) => path.join(shared, name)).filter((dir) => existsSync(dir));
if (paths.length === 0) {
  console.error(`validate-sarif: no paths given and ${shared}/corpus is absent`);
  process.exit(2);
}

const dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-sarif-"));
try {
  let failed = false;
  for (const target of paths) {
    const sarif = path.join(dir, `${path.basename(target)}.sarif`);
    const lint = spawnSync(process.execPath, [path.join(root, "dist/cli.js"), "--format", "sarif", "--output", sarif, target], { cwd: root, encoding: "utf8" });
    if (lint.status === 2) {
      console.error(`validate-sarif: ne-lint failed on ${target}:\n${lint.stderr}`);
      process.exit(2);
    }
    const log = path.join(dir, `${path.basename(target)}.validation.sarif`);
    const validate = spawnSync("npm", ["exec", "--yes", `--package=${MULTITOOL}`, "--", "sarif-multitool", "validate", sarif, "--output", log, "--quiet"], { cwd: dir, encoding: "utf8" });
    if (!existsSync(log)) {
      console.error(`validate-sarif: the multitool did not run (status ${validate.status}):\n${validate.stdout}${validate.stderr}`);
      process.exit(2);
    }
    const results = JSON.parse(readFileSync(log, "utf8")).runs.flatMap((run) => run.results ?? []);
    const reported = results.filter((result) => (result.level ?? "warning") === "error" || (result.level ?? "warning") === "warning");
    const findings = JSON.parse(readFileSync(sarif, "utf8")).runs[0].results.length;
    console.log(`${target}: ${findings} results; the SARIF validator reports ${reported.length} errors or warnings`);
    for (const result of reported.slice(0, 20)) console.log(`  ${result.ruleId}: ${result.message?.text ?? JSON.stringify(result.message)}`);
    failed ||= reported.length > 0;
  }
  process.exitCode = failed ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
