/**
 * Fetches one commit from `origin` into a shallow clone: the Action on a pull request needs the base commit,
 * which actions/checkout (one commit deep by default) does not fetch. The one network operation of
 * src/git/, through the git binary like the reads (read-at-revision.ts says why), hardened so that nothing
 * the repository's own config names is executed:
 * - `execFile`, no shell, fixed arguments; only a full commit id is fetched (never a ref name that could be
 *   read as an option or a refspec), from the remote named `origin`, after `--end-of-options`;
 * - no hook (`core.hooksPath` is the null device), no credential helper (the list is reset; the header
 *   actions/checkout persists still authenticates), no askpass program, no prompt, no alternates command,
 *   and a fixed `--upload-pack` (a local remote would otherwise run the one `.git/config` names; a `-c`
 *   setting would not replace it, git takes the first one);
 * - only the `https` and `file` transports (ssh would run `core.sshCommand`, `ext::` any command; command-line
 *   `-c` settings override the repository's);
 * - no tags, no submodules, no FETCH_HEAD, no automatic gc or maintenance, no commit-graph write;
 * - bounded output and a time limit.
 */
import os from "node:os";
import { runGit } from "./read-at-revision.js";

const FETCH_TIMEOUT_MS = 180_000;

const FETCH_CONFIG = [
  ...["protocol.allow=never", "protocol.https.allow=always", "protocol.file.allow=always"],
  ...["protocol.http.allow=never", "protocol.ssh.allow=never", "protocol.git.allow=never", "protocol.ext.allow=never"],
  `core.hooksPath=${os.devNull}`,
  "credential.helper=",
  "core.askPass=",
  "core.alternateRefsCommand=",
  "gc.auto=0",
  "maintenance.auto=false",
  "fetch.writeCommitGraph=false",
  "fetch.recurseSubmodules=false",
  "submodule.recurse=false",
].flatMap((setting) => ["-c", setting]);

export type FetchResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** Fetches `sha` (a full commit id) from `origin`, one commit deep, into the repository at `topDir`. */
export async function fetchCommit(topDir: string, sha: string): Promise<FetchResult> {
  if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(sha)) return { ok: false, message: `"${sha}" is not a commit id` };
  const fetched = await runGit(
    topDir,
    ["fetch", "--quiet", "--no-tags", "--depth=1", "--no-recurse-submodules", "--no-write-fetch-head", "--no-auto-gc", "--no-auto-maintenance", "--upload-pack=git-upload-pack", "--end-of-options", "origin", sha],
    1024 * 1024,
    // An empty GIT_ASKPASS stops git from falling back to core.askPass or SSH_ASKPASS.
    { config: FETCH_CONFIG, timeout: FETCH_TIMEOUT_MS, env: { GIT_ASKPASS: "", SSH_ASKPASS: "" } },
  );
  if (fetched.ok) return { ok: true };
  if (fetched.code === "ENOENT") return { ok: false, message: "git is not installed" };
  if (fetched.code === "ETIMEDOUT" || fetched.code === null) return { ok: false, message: `git fetch did not finish within ${FETCH_TIMEOUT_MS / 1000} s` };
  // git's first line can carry a remote's words and ends up in the job summary's Markdown: printable ASCII
  // without the characters Markdown or HTML act on, and short.
  const said = fetched.stderr
    .split("\n")
    .find((line) => line.trim() !== "")
    ?.trim()
    .replace(/[^\x20-\x7e]|[<>[\]`|*_\\]/g, " ")
    .slice(0, 200);
  return { ok: false, message: `git fetch origin ${sha} failed${said ? ` (git: ${said})` : ""}` };
}
