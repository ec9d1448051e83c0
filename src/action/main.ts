/**
 * The GitHub Action: lint, drop baseline-accepted findings, write SARIF, annotate (Checks API or workflow
 * commands), write the job summary and outputs, then pass or fail the step by `fail-on`. Calls the engine
 * directly (no child process). Only API refusals degrade; bad inputs, config and crashes fail the step.
 */
import { getInput } from "@actions/core";
import { RULES } from "../../rules/index.js";
import type { BaselineOutcome } from "../baseline/baseline.js";
import { ruleDocPath, ruleDocsUrl } from "../docs/render.js";
import { coverageProblems, exceedsThreshold } from "../linter/gate.js";
import { configEffect } from "../config/effect.js";
import { ensureBaseCommit, lintPullRequest } from "../drift/pull-request.js";
import { renderDriftSection } from "../drift/summary.js";
import { formatStylish } from "../report/stylish.js";
import { compareFindings, summarise } from "../linter/finding.js";
import { annotate, type AnnotateOutcome } from "./annotate.js";
import { resolveActionConfig } from "./config-source.js";
import { readRunContext, type RunContext } from "./context.js";
import { createGitHubApi, toApiFailure, type GitHubApi, type RetryPolicy } from "./github-api.js";
import { readInputs } from "./inputs.js";
import { logListing } from "./log.js";
import { runnerIo } from "./runner.js";
import { createRedactor, redactingApi, secretsInEnvironment } from "./secrets.js";
import { escapeControlCharacters } from "../report/untrusted-text.js";
import { renderSummary } from "./summary.js";

/** The check run page takes at most 65,535 characters of summary; bytes ≥ characters, so a byte cap is safe. */
const CHECK_SUMMARY_LIMIT = 60_000;

/** The retry policy (and its clock) of the GitHub API calls, which a test may replace, and how standard output is written (src/action/start.ts). */
export interface ActionDependencies {
  readonly retry?: RetryPolicy;
  readonly writeOut?: (text: string) => void;
}

export async function run(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd(), dependencies: ActionDependencies = {}): Promise<void> {
  let warnings = 0;
  // Log lines, workflow commands, outputs and the job summary (src/action/runner.ts); inputs through @actions/core.
  const runner = runnerIo(env, dependencies.writeOut ?? ((text) => void process.stdout.write(text)));
  // Everything the Action writes goes through `say`: tokens in any encoding redacted, repository text one
  // line without control characters (core escapes only CR, LF and %).
  let redact = (text: string): string => text;
  const say = (text: string): string => redact(escapeControlCharacters(text));
  const warn = (message: string): void => {
    warnings++;
    runner.command("warning", say(message));
  };
  try {
    const inputs = readInputs((name) => getInput(name));
    const redactor = createRedactor(secretsInEnvironment(env, [inputs.token]));
    for (const mask of redactor.masks) runner.command("add-mask", mask);
    redact = redactor.redact;
    const context = readRunContext(env);
    // The base commit first (fetched into a shallow clone): `config-from: base` reads its config too.
    const baseCommit = context.baseSha && inputs.drift ? await ensureBaseCommit(cwd, context.baseSha) : undefined;
    if (baseCommit?.ok && baseCommit.fetched) runner.info(say(`ne-lint: fetched the base commit ${context.baseSha} (one commit deep) to compare the pull request with it`));
    const source = await resolveActionConfig({ cwd, ...(inputs.config ? { configPath: inputs.config } : {}), from: inputs.configFrom, ...(context.baseSha ? { baseSha: context.baseSha } : {}) });
    const config = source.config;
    const effect = configEffect(config, RULES);
    // On pull requests: findings new since the base commit, plus what changes in what ships (src/drift/).
    const compared = await lintPullRequest(
      {
        paths: inputs.paths,
        cwd,
        config,
        ...(inputs.platform ? { platform: inputs.platform } : {}),
        ...(inputs.distribution ? { distribution: inputs.distribution } : {}),
        ...(inputs.configuration ? { configuration: inputs.configuration } : {}),
      },
      { ...(context.baseSha ? { sha: context.baseSha } : {}), enabled: inputs.drift, ...(baseCommit ? { commit: baseCommit } : {}) },
    );
    const result = compared.result;
    if (compared.note) runner.command("warning", say(`ne-lint: ${compared.note}`));
    const driftNotes = compared.note ? [compared.note] : [];
    // A missing path or an empty run fails the step: a gate that looked at nothing must not say "passed".
    const problems = coverageProblems({ paths: inputs.paths, missing: result.missing, files: result.summary.files, incomplete: result.summary.incomplete }, inputs.allowEmpty, 'set "allow-empty: true"');
    for (const problem of problems) runner.command("error", say(`ne-lint: ${problem}`));

    // The baseline and SARIF writers load only when their input is set.
    let baseline: BaselineOutcome | undefined;
    if (inputs.baseline) {
      const { applyBaseline, readBaseline } = await import("../baseline/baseline.js");
      baseline = applyBaseline(result.findings, await readBaseline(inputs.baseline, cwd));
    }
    // Relaxations of the base config are not the repository's to accept: they bypass the baseline.
    const findings = [...(baseline ? baseline.kept : result.findings), ...source.relaxations].sort(compareFindings);
    const summary = summarise(findings, result.summary.files, result.summary);
    const driftSection = compared.compared ? renderDriftSection(findings) : undefined;
    const gateFailed = exceedsThreshold(findings, inputs.failOn);
    const failed = gateFailed || problems.length > 0 || result.failures.length > 0;
    // The log is where people look first: every finding, grouped by file, whichever channel annotates them.
    if (findings.length > 0) logListing(redact(formatStylish(findings, summary, { color: false })), runner.write);

    if (inputs.sarifFile) {
      const [{ formatSarif }, { fileSizes }, { writeReportFile }] = await Promise.all([import("../report/sarif.js"), import("../report/artifact.js"), import("../report/write-report-file.js")]);
      // The workspace is the pull request's: no write through its links (src/report/write-report-file.ts).
      writeReportFile(cwd, inputs.sarifFile, redact(formatSarif(findings, RULES, { config: effect, artifactSize: fileSizes(cwd), ...(inputs.sarifCategory ? { category: inputs.sarifCategory } : {}) })), "the sarif-file input");
    }

    const docsLink = docsLinker(context);
    const api = inputs.token && context.repository && inputs.annotations !== "none" && findings.length > 0 ? redactingApi(await createGitHubApi(inputs.token, context.repository, dependencies.retry), redact) : undefined;
    const changedFiles = api && context.pullNumber !== undefined ? await listChangedFiles(api, context.pullNumber, warn) : undefined;
    const title = `${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")}, ${plural(summary.notes, "note")}`;
    const annotated: AnnotateOutcome = await annotate({
      mode: inputs.annotations,
      findings,
      changedFiles,
      onlyChangedFiles: inputs.onlyChangedFiles,
      api,
      headSha: context.headSha,
      conclusion: failed ? "failure" : findings.length > 0 || summary.incomplete ? "neutral" : "success",
      checkSummary: renderSummary({ findings, summary, failOn: inputs.failOn, failed, accepted: baseline?.accepted ?? 0, notes: [...problems, ...(source.note ? [source.note] : []), ...driftNotes], docsLink, config: { effect, origin: source.origin }, ...(driftSection ? { driftSection } : {}), byteLimit: CHECK_SUMMARY_LIMIT }),
      title,
      writeCommand: (line) => runner.write(`${redact(line)}\n`),
      warn,
      warningsBefore: warnings,
    });

    const markdown = renderSummary({ findings, summary, failOn: inputs.failOn, failed, accepted: baseline?.accepted ?? 0, notes: [...problems, ...(source.note ? [source.note] : []), ...driftNotes, ...annotated.notes], docsLink, config: { effect, origin: source.origin }, ...(driftSection ? { driftSection } : {}) });
    try {
      runner.appendSummary(redact(markdown));
    } catch (error) {
      // No GITHUB_STEP_SUMMARY (local runs, old runners): the findings are still in the log and outputs.
      runner.info(say(`ne-lint: job summary not written (${error instanceof Error ? error.message : String(error)})`));
    }

    runner.setOutput("errors", summary.errors);
    runner.setOutput("warnings", summary.warnings);
    runner.setOutput("notes", summary.notes);
    runner.setOutput("sarif-file", inputs.sarifFile ?? "");
    // `incomplete` before the gate's verdict: by default the `lint/incomplete` error fails the gate too, and
    // `fail` alone would not tell a workflow that some files were never checked.
    runner.setOutput("result", result.failures.length > 0 || problems.length > 0 ? "fail" : summary.incomplete ? "incomplete" : failed ? "fail" : "pass");

    if (result.failures.length > 0) {
      const failure = result.failures[0];
      runner.setFailed(say(`ne-lint: internal error in rule ${failure?.ruleId}${failure?.file ? ` on ${failure.file}` : ""}: ${failure?.message}`));
    } else if (problems.length > 0) {
      runner.setFailed(say(`ne-lint: ${problems.join("; ")}`));
    } else if (gateFailed) {
      const count = inputs.failOn === "error" ? summary.errors : inputs.failOn === "warning" ? summary.errors + summary.warnings : findings.length;
      runner.setFailed(`ne-lint: ${count} finding${count === 1 ? "" : "s"} at or above "${inputs.failOn}"`);
    }
  } catch (error) {
    runner.setFailed(say(`ne-lint: ${error instanceof Error ? error.message : String(error)}`));
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
