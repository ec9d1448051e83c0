/**
 * The Action on a pull request: lint against the pull request's base commit (`--base`), so the run reports
 * what the pull request introduces and what it changes in what ships. When the base commit is not in the
 * clone (actions/checkout fetches one commit by default), nothing is fetched — a fetch would use the
 * credentials the checkout persisted and reach the network on the repository's say — the run lints the
 * checkout as on a push, and a note says what to add to the workflow.
 */
import { lint, type LintOptions, type LintResult } from "../engine.js";

export interface PullRequestLint {
  readonly result: LintResult;
  /** True when the findings are relative to the base commit and include drift. */
  readonly compared: boolean;
  /** Why the comparison was not made, for the log and the job summary. */
  readonly note?: string;
}

export async function lintPullRequest(options: LintOptions, base: { readonly sha?: string; readonly enabled: boolean }): Promise<PullRequestLint> {
  if (!base.sha || !base.enabled) return { result: await lint(options), compared: false };
  // Loaded only here: a push or `drift: false` never loads git or the drift engine.
  const { DriftError, lintAgainstRevision } = await import("./against-revision.js");
  try {
    return { result: await lintAgainstRevision({ ...options, base: base.sha }), compared: true };
  } catch (error) {
    if (!(error instanceof DriftError)) throw error;
    return {
      result: await lint(options),
      compared: false,
      note: `What this pull request changes in what ships was not computed, and every finding of the checkout is reported: ${error.message}. Add \`fetch-depth: 0\` to the actions/checkout step (or set the input \`drift: false\`).`,
    };
  }
}
