/**
 * The Action on a pull request: lint against the pull request's base commit (`--base`), so the run reports
 * what the pull request introduces and what it changes in what ships. actions/checkout fetches one commit by
 * default, so the base commit is usually not in the clone: it is fetched, one commit deep, from `origin`
 * (src/git/fetch-commit.ts: the credentials actions/checkout persisted, nothing the repository's config names
 * executed). When that cannot work (no remote, no network, refused), or the comparison fails for another
 * reason, the run lints the checkout as on a push, is marked incomplete (drift not checked, never "no
 * drift"), and a note says what to add to the workflow.
 */
import { DRIFT_INCOMPLETE_PREFIX } from "../discover/walk-stops.js";
import { lint, type LintOptions, type LintResult } from "../engine.js";

export interface PullRequestLint {
  readonly result: LintResult;
  /** True when the findings are relative to the base commit and include drift. */
  readonly compared: boolean;
  /** True when the base commit had to be fetched. */
  readonly fetched?: boolean;
  /** Why the comparison was not made, for the log and the job summary. */
  readonly note?: string;
}

/** `commit`: the outcome of `ensureBaseCommit` when the caller already made sure of it (the Action does, before reading the base's config). */
export async function lintPullRequest(options: LintOptions, base: { readonly sha?: string; readonly enabled: boolean; readonly commit?: BaseCommit }): Promise<PullRequestLint> {
  if (!base.sha || !base.enabled) return { result: await lint(options), compared: false };
  const fetched = base.commit ?? (await ensureBaseCommit(options.cwd, base.sha));
  // A workspace that is no git repository (a downloaded build, not a checkout) has no history to compare
  // with: linted as on a push, with a note, as `drift: false` would (the run is complete for what it is).
  if (fetched.ok && !fetched.repository) {
    return { result: await lint(options), compared: false, note: "What this pull request changes in what ships was not checked: the workspace is not a git repository (check the code out with actions/checkout, or set the input `drift: false`)." };
  }
  // Loaded only here: a push or `drift: false` never loads the drift engine.
  const { DriftError, lintAgainstRevision } = await import("./against-revision.js");
  try {
    if (!fetched.ok) throw new DriftError(fetched.message);
    return { result: await lintAgainstRevision({ ...options, base: base.sha, present: { top: fetched.top } }), compared: true, ...(fetched.fetched ? { fetched: true } : {}) };
  } catch (error) {
    if (!(error instanceof DriftError)) throw error;
    const plain = await lint(options);
    const why = error.message.replace(/\.$/, "");
    const reason = `${DRIFT_INCOMPLETE_PREFIX}the pull request's base commit could not be compared (${why}).`;
    return {
      result: { ...plain, summary: { ...plain.summary, incomplete: [...(plain.summary.incomplete ?? []), reason] } },
      compared: false,
      note:
        `What this pull request changes in what ships was not checked, and every finding of the checkout is reported: ${why}. ` +
        `Give the actions/checkout step \`fetch-depth: 0\`, or fetch the base commit before ne-lint (\`git fetch --depth=1 origin ${base.sha}\`); the input \`drift: false\` turns the comparison off.`,
    };
  }
}

/** `repository: false`: the workspace is no git repository, so there is no base to have. `top`: the repository's top folder. */
export type BaseCommit =
  | { readonly ok: true; readonly fetched: boolean; readonly repository: true; readonly top: string }
  | { readonly ok: true; readonly fetched: false; readonly repository: false }
  | { readonly ok: false; readonly message: string };

/** The base commit in the local object store: already there, or fetched from `origin` (git is loaded only here). */
export async function ensureBaseCommit(cwd: string, sha: string): Promise<BaseCommit> {
  const [{ checkCommit, repositoryTopLevel }, { fetchCommit }] = await Promise.all([import("../git/read-at-revision.js"), import("../git/fetch-commit.js")]);
  const top = await repositoryTopLevel(cwd);
  if (!top) return { ok: true, fetched: false, repository: false };
  if ((await checkCommit(top, sha)).ok) return { ok: true, fetched: false, repository: true, top };
  const fetched = await fetchCommit(top, sha);
  if (!fetched.ok) return { ok: false, message: `the base commit ${sha} is not in the clone, and fetching it failed: ${fetched.message}` };
  const check = await checkCommit(top, sha);
  return check.ok ? { ok: true, fetched: true, repository: true, top } : { ok: false, message: `the base commit ${sha} is still not in the clone after fetching it` };
}
