/**
 * Delivers annotations: Checks API first when the token may write checks, workflow commands otherwise.
 * A refused, invalid or failing API call never fails the step: what could not be posted falls back to
 * workflow commands, the reason goes to the log, and the gate's verdict is unchanged.
 */
import type { Finding } from "../linter/finding.js";
import { workflowCommand } from "../report/github.js";
import { batches, CHECK_ANNOTATIONS_PER_REQUEST, hiddenByCommandLimits, orderForAnnotation, repoPath, toCheckAnnotation } from "./annotations.js";
import { isRefusal, toApiFailure, type CheckRunRequest, type GitHubApi } from "./github-api.js";
import type { AnnotationMode } from "./inputs.js";

export const CHECK_RUN_NAME = "ne-lint";

export interface AnnotateOptions {
  readonly mode: AnnotationMode;
  readonly findings: readonly Finding[];
  /** Files the pull request changes (repository-relative), when known. */
  readonly changedFiles: ReadonlySet<string> | undefined;
  readonly onlyChangedFiles: boolean;
  /** Undefined when there is no token or no commit to attach a check run to. */
  readonly api: GitHubApi | undefined;
  readonly headSha: string | undefined;
  readonly conclusion: CheckRunRequest["conclusion"];
  /** Markdown for the check run's page (≤ 65,535 characters). */
  readonly checkSummary: string;
  readonly title: string;
  /** Prints one workflow command line. */
  readonly writeCommand: (line: string) => void;
  /** Logs why something degraded (a `::warning::`, which itself takes one of the step's warning slots). */
  readonly warn: (message: string) => void;
  /** Warning annotations the step already emitted (they share GitHub's display slots with findings). */
  readonly warningsBefore?: number;
}

export interface AnnotateOutcome {
  readonly viaChecks: number;
  readonly viaCommands: number;
  /** Sent as workflow commands but beyond what GitHub displays. */
  readonly hidden: number;
  /** Not annotated because they are outside the pull request's changes (`only-changed-files`). */
  readonly outsideChanges: number;
  readonly checkRunUrl?: string;
  /** Sentences for the job summary. */
  readonly notes: string[];
}

export async function annotate(options: AnnotateOptions): Promise<AnnotateOutcome> {
  const restrict = options.onlyChangedFiles && options.changedFiles !== undefined;
  const candidates = restrict ? options.findings.filter((finding) => options.changedFiles?.has(repoPath(finding.file))) : options.findings;
  const outsideChanges = options.findings.length - candidates.length;
  const ordered = orderForAnnotation(candidates, options.changedFiles);
  const notes: string[] = [];
  if (outsideChanges > 0) notes.push(`${outsideChanges} finding${outsideChanges === 1 ? " is" : "s are"} outside the files this pull request changes and ${outsideChanges === 1 ? "is" : "are"} not annotated (\`only-changed-files\`).`);
  if (options.mode === "none" || ordered.length === 0) return { viaChecks: 0, viaCommands: 0, hidden: 0, outsideChanges, notes };

  let posted = 0;
  let checkRunUrl: string | undefined;
  let warningsLogged = options.warningsBefore ?? 0;
  const warn = (message: string): void => {
    warningsLogged++;
    options.warn(message);
  };
  if (options.mode === "checks" || options.mode === "auto") {
    if (!options.api || !options.headSha) {
      if (options.mode === "checks") warn(`ne-lint: annotations: checks needs a token and a commit; using workflow commands instead.`);
    } else {
      const result = await postCheckRun(options.api, ordered, options, warn);
      posted = result.posted;
      checkRunUrl = result.url;
      if (posted > 0) notes.push(`${posted} annotation${posted === 1 ? "" : "s"} posted to the check run [${CHECK_RUN_NAME}](${checkRunUrl ?? "#"}).`);
    }
  }

  const rest = ordered.slice(posted);
  for (const finding of rest) options.writeCommand(workflowCommand(finding));
  const hidden = hiddenByCommandLimits(rest, warningsLogged);
  if (rest.length > 0) {
    notes.push(
      `${rest.length} annotation${rest.length === 1 ? "" : "s"} sent as workflow commands` +
        (hidden > 0 ? `; GitHub displays 10 per level per step and 50 per job, so ${hidden} could not be shown as annotations (all are listed below and in the log).` : "."),
    );
  }
  return { viaChecks: posted, viaCommands: rest.length, hidden, outsideChanges, ...(checkRunUrl ? { checkRunUrl } : {}), notes };
}

/** Creates the check run with the first 50 annotations and appends the rest 50 at a time; returns how many were posted. */
async function postCheckRun(api: GitHubApi, ordered: readonly Finding[], options: AnnotateOptions, warn: (message: string) => void): Promise<{ posted: number; url?: string }> {
  const chunks = batches(ordered.map(toCheckAnnotation), CHECK_ANNOTATIONS_PER_REQUEST);
  const output = (annotations: CheckRunRequest["output"]["annotations"]) => ({ title: options.title, summary: options.checkSummary, annotations });
  let posted = 0;
  let id: number;
  let url: string | undefined;
  try {
    const created = await api.createCheckRun({ name: CHECK_RUN_NAME, headSha: options.headSha ?? "", conclusion: options.conclusion, output: output(chunks[0] ?? []) });
    id = created.id;
    url = created.url;
    posted += chunks[0]?.length ?? 0;
  } catch (error) {
    warn(`ne-lint: cannot create a check run (${describe(error)}); annotating with workflow commands instead.`);
    return { posted: 0 };
  }
  for (const chunk of chunks.slice(1)) {
    try {
      await api.updateCheckRun(id, output(chunk));
      posted += chunk.length;
    } catch (error) {
      warn(`ne-lint: cannot add annotations to the check run (${describe(error)}); the remaining ${ordered.length - posted} go out as workflow commands.`);
      break;
    }
  }
  return { posted, ...(url ? { url } : {}) };
}

function describe(error: unknown): string {
  const failure = toApiFailure(error);
  if (isRefusal(failure)) return `${failure.message}; the token lacks "checks: write", as on pull requests from forks`;
  return failure.message;
}
