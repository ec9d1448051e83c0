/**
 * Reads one file as it is in a given commit, from the local repository's object store: read-only, no
 * checkout, no working-tree change, nothing from the repository executed. The Action uses it to take
 * `.ne-lint.json` from a pull request's base commit; `--base REV` (issue 13) is meant to reuse it.
 *
 * Why the `git` binary and not a JavaScript reader such as isomorphic-git: every runner that checked the
 * repository out has git (actions/checkout uses it), and git reads every object store it can produce —
 * packs, shallow and partial clones, alternates, SHA-256 repositories — where a second implementation
 * would have to keep up (and would add its pack reader to the Action's bundle). What makes it safe:
 * - `execFile`, no shell, fixed arguments; the revision and path are checked and passed after
 *   `--end-of-options`, so neither can be read as an option;
 * - only `cat-file`, which runs no hook, filter, textconv, pager (`--no-pager`) or fsmonitor;
 * - `protocol.allow=never` and `GIT_NO_LAZY_FETCH` forbid network access (a partial clone would
 *   otherwise fetch a missing object with the credentials in `.git/config`), `GIT_NO_REPLACE_OBJECTS`
 *   ignores `refs/replace` (which would let the repository substitute the base's file), the system
 *   config is not read, and prompts are off;
 * - size and time bounds: `cat-file -s` first, then at most `maxBytes` of output, 10 s per call.
 */
import { execFile } from "node:child_process";

export type ReadAtRevisionResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: "no-git" | "no-revision" | "no-file" | "too-large" | "invalid" | "failed"; readonly message: string };

const TIMEOUT_MS = 10_000;

/** A commit id or a plain ref name (`main`, `origin/main`, `HEAD~1`); never something git could read as an option. */
const REVISION = /^(?!-)[A-Za-z0-9._/~^@{}-]{1,200}$/;

function git(cwd: string, args: readonly string[], maxBuffer: number): Promise<{ ok: true; stdout: Buffer } | { ok: false; code: string | number | undefined; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      "git",
      ["--no-pager", "-c", "protocol.allow=never", "-c", "core.fsmonitor=false", ...args],
      {
        cwd,
        encoding: "buffer",
        maxBuffer,
        timeout: TIMEOUT_MS,
        killSignal: "SIGKILL",
        windowsHide: true,
        env: { ...process.env, GIT_NO_LAZY_FETCH: "1", GIT_NO_REPLACE_OBJECTS: "1", GIT_CONFIG_NOSYSTEM: "1", GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C" },
      },
      (error, stdout, stderr) => {
        if (error) resolve({ ok: false, code: (error as NodeJS.ErrnoException).code, stderr: stderr.toString("utf8").slice(0, 500) });
        else resolve({ ok: true, stdout });
      },
    );
  });
}

/**
 * `file` (relative to `repoDir`, `/`-separated) as committed in `revision`. `no-file` when the commit
 * exists but has no such file (a config the base branch does not have yet).
 */
export async function readFileAtRevision(repoDir: string, revision: string, file: string, maxBytes: number): Promise<ReadAtRevisionResult> {
  if (!REVISION.test(revision)) return { ok: false, reason: "invalid", message: `"${revision}" is not a revision` };
  const segments = file.split(/[\\/]/).filter((segment) => segment !== "" && segment !== ".");
  if (file.startsWith("/") || segments.length === 0 || segments.includes("..")) return { ok: false, reason: "invalid", message: `${file} is not a path inside the repository` };
  const commit = await git(repoDir, ["cat-file", "-e", "--end-of-options", `${revision}^{commit}`], 64 * 1024);
  if (!commit.ok) {
    if (commit.code === "ENOENT") return { ok: false, reason: "no-git", message: "git is not installed" };
    const said = commit.stderr.split("\n")[0]?.trim();
    return { ok: false, reason: "no-revision", message: `commit ${revision} is not in the local repository${said ? ` (git: ${said})` : ""}` };
  }
  // `./` makes the path relative to `repoDir` rather than to the repository's top level.
  const object = `${revision}:./${segments.join("/")}`;
  const size = await git(repoDir, ["cat-file", "-s", "--end-of-options", object], 64 * 1024);
  if (!size.ok) return { ok: false, reason: "no-file", message: `${segments.join("/")} does not exist in ${revision}` };
  const bytes = Number(size.stdout.toString("utf8").trim());
  if (!Number.isSafeInteger(bytes) || bytes > maxBytes) return { ok: false, reason: "too-large", message: `${segments.join("/")} in ${revision} is larger than ${maxBytes} bytes` };
  const blob = await git(repoDir, ["cat-file", "blob", "--end-of-options", object], maxBytes + 1);
  if (!blob.ok) return { ok: false, reason: "failed", message: `git cannot read ${segments.join("/")} in ${revision}` };
  return { ok: true, text: blob.stdout.toString("utf8") };
}
