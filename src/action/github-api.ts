/**
 * The three GitHub REST calls the Action makes — create and update a check run, list a pull request's
 * files — behind a small interface, with bounded retries on server errors. Octokit (@actions/github) is
 * imported only when a call is about to be made: it is most of the bundle, and runs without a token or
 * with `annotations: none` never need it.
 */
import type { CheckAnnotation } from "./annotations.js";

export interface Repository {
  readonly owner: string;
  readonly repo: string;
}

export interface CheckRunOutput {
  readonly title: string;
  readonly summary: string;
  readonly annotations: readonly CheckAnnotation[];
}

export interface CheckRunRequest {
  readonly name: string;
  readonly headSha: string;
  readonly conclusion: "success" | "failure" | "neutral";
  readonly output: CheckRunOutput;
}

export interface GitHubApi {
  createCheckRun(request: CheckRunRequest): Promise<{ id: number; url?: string }>;
  updateCheckRun(id: number, output: CheckRunOutput): Promise<void>;
  listPullRequestFiles(pullNumber: number): Promise<string[]>;
}

/** Why a call failed, in words for the log; `status` is the HTTP status when there was a response. */
export class ApiFailure extends Error {
  readonly status: number | undefined;
  constructor(message: string, status: number | undefined) {
    super(message);
    this.name = "ApiFailure";
    this.status = status;
  }
}

export interface RetryPolicy {
  /** Total attempts, the first included. */
  readonly attempts: number;
  /** Delay before the second attempt; doubles each time. */
  readonly firstDelayMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, firstDelayMs: 1000 };

/** Retries server errors (5xx) and network failures; a 4xx answer is final and returned at once. */
export async function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const failure = toApiFailure(error);
      const retryable = failure.status === undefined || failure.status >= 500;
      if (!retryable || attempt >= policy.attempts) throw failure;
      await sleep(policy.firstDelayMs * 2 ** (attempt - 1));
    }
  }
}

export function toApiFailure(error: unknown): ApiFailure {
  if (error instanceof ApiFailure) return error;
  // Octokit reports a request that got no answer (refused, reset, DNS) as status 500 without a response;
  // that is a connection error, not a server error, and is said so.
  if (typeof error === "object" && error !== null && "request" in error && (error as { response?: unknown }).response === undefined) {
    return new ApiFailure(`cannot connect to the GitHub API (${connectionReason(error)})`, undefined);
  }
  const status = typeof error === "object" && error !== null && typeof (error as { status?: unknown }).status === "number" ? (error as { status: number }).status : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiFailure(status !== undefined ? `HTTP ${status}: ${message}` : message, status);
}

/** The system error code (`ECONNREFUSED`, `ENOTFOUND`) under fetch's "fetch failed", else the message. */
function connectionReason(error: object): string {
  for (let cause: unknown = error, depth = 0; cause && typeof cause === "object" && depth < 5; cause = (cause as { cause?: unknown }).cause, depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z_]+$/.test(code)) return code;
  }
  return error instanceof Error ? error.message : "no response";
}

/** 401/403/404 from GitHub mean "this token may not": read-only tokens on fork pull requests, missing `checks: write`. */
export function isRefusal(failure: ApiFailure): boolean {
  return failure.status === 401 || failure.status === 403 || failure.status === 404;
}

const SILENT_LOG = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export async function createGitHubApi(token: string, repository: Repository, policy: RetryPolicy = DEFAULT_RETRY): Promise<GitHubApi> {
  const { getOctokit } = await import("@actions/github");
  // Octokit would print deprecation notices to the console; the Action prints findings and the summary only.
  const octokit = getOctokit(token, { log: SILENT_LOG });
  return {
    async createCheckRun(request) {
      const response = await withRetry(
        () =>
          octokit.rest.checks.create({
            ...repository,
            name: request.name,
            head_sha: request.headSha,
            status: "completed",
            conclusion: request.conclusion,
            completed_at: new Date().toISOString(),
            output: { title: request.output.title, summary: request.output.summary, annotations: [...request.output.annotations] },
          }),
        policy,
      );
      return { id: response.data.id, ...(response.data.html_url ? { url: response.data.html_url } : {}) };
    },
    async updateCheckRun(id, output) {
      await withRetry(
        () => octokit.rest.checks.update({ ...repository, check_run_id: id, output: { title: output.title, summary: output.summary, annotations: [...output.annotations] } }),
        policy,
      );
    },
    async listPullRequestFiles(pullNumber) {
      const files = await withRetry(() => octokit.paginate(octokit.rest.pulls.listFiles, { ...repository, pull_number: pullNumber, per_page: 100 }), policy);
      return files.map((file) => file.filename);
    },
  };
}
