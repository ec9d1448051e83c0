/**
 * The GitHub Action: lint, drop baseline-accepted findings, write SARIF, annotate (Checks API or workflow
 * commands), write the job summary and outputs, then pass or fail the step by `fail-on`. Calls the engine
 * directly (no child process). Only API refusals degrade; bad inputs, config and crashes fail the step.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import * as core from "@actions/core";
import { RULES } from "../../rules/index.js";
import { applyBaseline, readBaseline } from "../baseline/baseline.js";
import { ruleDocPath, ruleDocsUrl } from "../docs/render.js";
import { coverageProblems, exceedsThreshold } from "../rules/gate.js";
import { loadConfig } from "../config/config.js";
import { lint } from "../engine.js";
import { fileSizes } from "../report/artifact.js";
import { formatSarif } from "../report/sarif.js";
import { formatStylish } from "../report/stylish.js";
import { summarise } from "../rules/finding.js";
import { annotate, type AnnotateOutcome } from "./annotate.js";
import { readRunContext, type RunContext } from "./context.js";
import { createGitHubApi, toApiFailure, type GitHubApi } from "./github-api.js";
import { readInputs } from "./inputs.js";
import { logListing } from "./log.js";
import { renderSummary } from "./summary.js";

/** The check run page takes at most 65,535 characters of summary; bytes ≥ characters, so a byte cap is safe. */
const CHECK_SUMMARY_LIMIT = 60_000;

export async function run(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Promise<void> {
  let warnings = 0;
  const warn = (message: string): void => {
    warnings++;
    core.warning(message);
  };
  try {
    const inputs = readInputs((name) => core.getInput(name));
    if (inputs.token) core.setSecret(inputs.token);
    const config = await loadConfig(cwd, inputs.config);
    const result = await lint({
      paths: inputs.paths,
      cwd,
      config,
      ...(inputs.platform ? { platform: inputs.platform } : {}),
      ...(inputs.distribution ? { distribution: inputs.distribution } : {}),
      ...(inputs.configuration ? { configuration: inputs.configuration } : {}),
    });
    // A missing path or an empty run fails the step: a gate that looked at nothing must not say "passed".
    const problems = coverageProblems({ paths: inputs.paths, missing: result.missing, files: result.summary.files }, inputs.allowEmpty, 'set "allow-empty: true"');
    for (const problem of problems) core.error(`ne-lint: ${problem}`);

    const baseline = inputs.baseline ? applyBaseline(result.findings, await readBaseline(inputs.baseline, cwd)) : undefined;
    const findings = baseline ? baseline.kept : result.findings;
    const summary = summarise(findings, result.summary.files);
    const gateFailed = exceedsThreshold(findings, inputs.failOn);
    const failed = gateFailed || problems.length > 0 || result.failures.length > 0;
    // The log is where people look first: every finding, grouped by file, whichever channel annotates them.
    if (findings.length > 0) logListing(formatStylish(findings, summary, { color: false }), (text) => process.stdout.write(text));

    if (inputs.sarifFile) {
      const target = path.resolve(cwd, inputs.sarifFile);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, formatSarif(findings, RULES, { artifactSize: fileSizes(cwd), ...(inputs.sarifCategory ? { category: inputs.sarifCategory } : {}) }));
    }

    const context = readRunContext(env);
    const docsLink = docsLinker(context);
    const api = inputs.token && context.repository && inputs.annotations !== "none" && findings.length > 0 ? await createGitHubApi(inputs.token, context.repository) : undefined;
    const changedFiles = api && context.pullNumber !== undefined ? await listChangedFiles(api, context.pullNumber, warn) : undefined;
    const title = `${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")}, ${plural(summary.notes, "note")}`;
    const annotated: AnnotateOutcome = await annotate({
      mode: inputs.annotations,
      findings,
      changedFiles,
      onlyChangedFiles: inputs.onlyChangedFiles,
      api,
      headSha: context.headSha,
      conclusion: failed ? "failure" : findings.length > 0 ? "neutral" : "success",
      checkSummary: renderSummary({ findings, summary, failOn: inputs.failOn, failed, accepted: baseline?.accepted ?? 0, notes: problems, docsLink, byteLimit: CHECK_SUMMARY_LIMIT }),
      title,
      writeCommand: (line) => process.stdout.write(`${line}\n`),
      warn,
      warningsBefore: warnings,
    });

    const markdown = renderSummary({ findings, summary, failOn: inputs.failOn, failed, accepted: baseline?.accepted ?? 0, notes: [...problems, ...annotated.notes], docsLink });
    try {
      await core.summary.addRaw(markdown).write();
    } catch (error) {
      // No GITHUB_STEP_SUMMARY (local runs, old runners): the findings are still in the log and outputs.
      core.info(`ne-lint: job summary not written (${error instanceof Error ? error.message : String(error)})`);
    }

    core.setOutput("errors", summary.errors);
    core.setOutput("warnings", summary.warnings);
    core.setOutput("notes", summary.notes);
    core.setOutput("sarif-file", inputs.sarifFile ?? "");
    core.setOutput("result", failed ? "fail" : "pass");

    if (result.failures.length > 0) {
      const failure = result.failures[0];
      core.setFailed(`ne-lint: internal error in rule ${failure?.ruleId}${failure?.file ? ` on ${failure.file}` : ""}: ${failure?.message}`);
    } else if (problems.length > 0) {
      core.setFailed(`ne-lint: ${problems.join("; ")}`);
    } else if (gateFailed) {
      const count = inputs.failOn === "error" ? summary.errors : inputs.failOn === "warning" ? summary.errors + summary.warnings : findings.length;
      core.setFailed(`ne-lint: ${count} finding${count === 1 ? "" : "s"} at or above "${inputs.failOn}"`);
    }
  } catch (error) {
    core.setFailed(`ne-lint: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

async function listChangedFiles(api: GitHubApi, pullNumber: number, warn: (message: string) => void): Promise<Set<string> | undefined> {
  try {
    return new Set(await api.listPullRequestFiles(pullNumber));
  } catch (error) {
    warn(`ne-lint: cannot list the pull request's files (${toApiFailure(error).message}); annotations are not ordered by changed files.`);
    return undefined;
  }
}

/** The rule's page in the action's repository at the running ref, else at this release's tag. */
function docsLinker(context: RunContext): (ruleId: string) => string | undefined {
  return (ruleId) => (context.repositoryBlobBase ? `${context.repositoryBlobBase}${ruleDocPath(ruleId)}` : ruleDocsUrl(ruleId));
}
