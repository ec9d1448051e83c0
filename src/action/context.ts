/**
 * What the Action needs from the workflow run: repository, the commit to attach a check run to, the pull
 * request number. Read from the runner's environment and event payload without loading Octokit.
 */
import { readFileSync } from "node:fs";
import type { Repository } from "./github-api.js";

export interface RunContext {
  readonly repository?: Repository;
  /** The pull request's head commit (what the reviewer sees), else GITHUB_SHA. */
  readonly headSha?: string;
  readonly pullNumber?: number;
  /** The pull request's base commit (`pull_request.base.sha`), where the trusted config is read from. */
  readonly baseSha?: string;
  /** Base of links to rule docs in the action's own repository, when the runner says which one it is. */
  /** The action repository at the running ref (`https://github.com/owner/ne-lint/blob/v1/`), for links to its rule pages. */
  readonly repositoryBlobBase?: string;
}

interface PullRequestPayload {
  readonly pull_request?: { readonly number?: unknown; readonly head?: { readonly sha?: unknown }; readonly base?: { readonly sha?: unknown } };
}

export function readRunContext(env: NodeJS.ProcessEnv): RunContext {
  let payload: PullRequestPayload = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, "utf8")) as PullRequestPayload;
    } catch {
      // No readable payload (local runs): behave as on a push.
    }
  }
  const pull = payload.pull_request;
  const headSha = typeof pull?.head?.sha === "string" ? pull.head.sha : env.GITHUB_SHA || undefined;
  const pullNumber = typeof pull?.number === "number" ? pull.number : undefined;
  const baseSha = typeof pull?.base?.sha === "string" ? pull.base.sha : undefined;
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
  const server = env.GITHUB_SERVER_URL || "https://github.com";
  const repositoryBlobBase = env.GITHUB_ACTION_REPOSITORY && env.GITHUB_ACTION_REF ? `${server}/${env.GITHUB_ACTION_REPOSITORY}/blob/${env.GITHUB_ACTION_REF}/` : undefined;
  return {
    ...(owner && repo ? { repository: { owner, repo } } : {}),
    ...(headSha ? { headSha } : {}),
    ...(pullNumber !== undefined ? { pullNumber } : {}),
    ...(baseSha ? { baseSha } : {}),
    ...(repositoryBlobBase ? { repositoryBlobBase } : {}),
  };
}
