/**
 * Reads one file as it is in a given commit, from the local repository's object store: read-only, no
 * checkout, no working-tree change, nothing from the repository executed. The Action uses it to take
 * `.ne-lint.json` from a pull request's base commit; `--base REV` lists and reads the files ne-lint lints
 * as they are in a revision (`listFilesAtRevision`, `readBlobs`, see src/drift/revision-tree.ts).
 *
 * Why the `git` binary and not a JavaScript reader such as isomorphic-git: every runner that checked the
 * repository out has git (actions/checkout uses it), and git reads every object store it can produce —
 * packs, shallow and partial clones, alternates, SHA-256 repositories — where a second implementation
 * would have to keep up (and would add its pack reader to the Action's bundle). What makes it safe:
 * - `execFile`, no shell, fixed arguments; the revision and path are checked and passed after
 *   `--end-of-options` (or `--`, with `--literal-pathspecs` so a path is never pathspec magic), so neither can
 *   be read as an option;
 * - only `cat-file`, `ls-tree` and `rev-parse`, which run no hook, filter, textconv, pager (`--no-pager`) or
 *   fsmonitor;
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
const BATCH_TIMEOUT_MS = 120_000;

/** A commit id or a plain ref name (`main`, `origin/main`, `HEAD~1`); never something git could read as an option. */
const REVISION = /^(?!-)[A-Za-z0-9._/~^@{}-]{1,200}$/;

export type GitResult = { ok: true; stdout: Buffer } | { ok: false; code: string | number | undefined; stderr: string };

/** No network: a partial clone would otherwise fetch a missing object with the credentials in `.git/config`. */
const READ_ONLY_CONFIG = ["-c", "protocol.allow=never"];

/**
 * Runs git with fixed arguments (no shell), the hardening every call shares (no pager, no fsmonitor, no
 * system config, no prompt, no replace objects, no lazy fetch), `config` (`-c` pairs, which override the
 * repository's own config) and bounds on output and time.
 */
export function runGit(cwd: string, args: readonly string[], maxBuffer: number, options: { readonly input?: string; readonly timeout?: number; readonly config?: readonly string[]; readonly env?: NodeJS.ProcessEnv } = {}): Promise<GitResult> {
  return new Promise((resolve) => {
    const child = execFile(
      "git",
      ["--no-pager", ...(options.config ?? READ_ONLY_CONFIG), "-c", "core.fsmonitor=false", ...args],
      {
        cwd,
        encoding: "buffer",
        maxBuffer,
        timeout: options.timeout ?? TIMEOUT_MS,
        killSignal: "SIGKILL",
        windowsHide: true,
        env: { ...process.env, GIT_NO_LAZY_FETCH: "1", GIT_NO_REPLACE_OBJECTS: "1", GIT_CONFIG_NOSYSTEM: "1", GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C", ...options.env },
      },
      (error, stdout, stderr) => {
        if (error) resolve({ ok: false, code: (error as NodeJS.ErrnoException).code, stderr: stderr.toString("utf8").slice(0, 500) });
        else resolve({ ok: true, stdout });
      },
    );
    // A process that exits before reading everything closes the pipe; its status says what went wrong.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(options.input ?? "");
  });
}

function git(cwd: string, args: readonly string[], maxBuffer: number, input?: string, timeout = TIMEOUT_MS): Promise<GitResult> {
  return runGit(cwd, args, maxBuffer, { ...(input !== undefined ? { input } : {}), timeout });
}

type CommitCheck = { readonly ok: true } | { readonly ok: false; readonly reason: "no-git" | "no-revision" | "invalid"; readonly message: string };

/** Whether `revision` names a commit in the local object store (without fetching anything). */
export async function checkCommit(repoDir: string, revision: string): Promise<CommitCheck> {
  if (!REVISION.test(revision)) return { ok: false, reason: "invalid", message: `"${revision}" is not a revision` };
  const commit = await git(repoDir, ["cat-file", "-e", "--end-of-options", `${revision}^{commit}`], 64 * 1024);
  if (commit.ok) return { ok: true };
  if (commit.code === "ENOENT") return { ok: false, reason: "no-git", message: "git is not installed" };
  const said = commit.stderr.split("\n")[0]?.trim();
  return { ok: false, reason: "no-revision", message: `commit ${revision} is not in the local repository${said ? ` (git: ${said})` : ""}` };
}

/** The working tree's top folder, or undefined when `dir` is not inside a git working tree. */
export async function repositoryTopLevel(dir: string): Promise<string | undefined> {
  const result = await git(dir, ["rev-parse", "--show-toplevel"], 64 * 1024);
  const top = result.ok ? result.stdout.toString("utf8").trim() : "";
  return top === "" ? undefined : top;
}

/** True when the repository is a shallow clone (`actions/checkout` makes one by default). */
export async function isShallowRepository(dir: string): Promise<boolean> {
  const result = await git(dir, ["rev-parse", "--is-shallow-repository"], 64 * 1024);
  return result.ok && result.stdout.toString("utf8").trim() === "true";
}

export interface TreeFile {
  /** `/`-separated, relative to the repository's top folder, as stored in the tree. */
  readonly path: string;
  readonly object: string;
  readonly size: number;
  /** `100644` or `100755`; symbolic links (`120000`) and submodules (`160000`) are never listed. */
  readonly mode: string;
}

/**
 * The regular files of `revision` under `paths` (relative to `topDir`, the repository's top folder; empty
 * means everything). At most `maxEntries` are returned; `truncated` says more exist.
 */
export async function listFilesAtRevision(topDir: string, revision: string, paths: readonly string[], maxEntries: number): Promise<{ ok: true; files: TreeFile[]; truncated: boolean } | { ok: false; message: string }> {
  if (!REVISION.test(revision)) return { ok: false, message: `"${revision}" is not a revision` };
  // An entry is about 100 bytes plus its path; the buffer bounds the listing even for a hostile tree.
  const listing = await git(topDir, ["--literal-pathspecs", "ls-tree", "-r", "-z", "--long", "--end-of-options", `${revision}^{tree}`, ...paths], Math.max(1024 * 1024, maxEntries * 1200));
  if (!listing.ok) return { ok: false, message: `git cannot list ${revision}${listing.stderr ? ` (git: ${listing.stderr.split("\n")[0]?.trim()})` : ""}` };
  const files: TreeFile[] = [];
  let truncated = false;
  for (const record of listing.stdout.toString("utf8").split("\0")) {
    const match = /^(\d{6}) blob ([0-9a-f]{40,64}) +(\d+)\t([\s\S]+)$/.exec(record);
    if (!match || (match[1] !== "100644" && match[1] !== "100755")) continue;
    if (files.length >= maxEntries) {
      truncated = true;
      break;
    }
    files.push({ mode: match[1], object: match[2]!, size: Number(match[3]), path: match[4]! });
  }
  return { ok: true, files, truncated };
}

/**
 * The contents of blobs by object id, read in one `git cat-file --batch` (one process, not one per file).
 * The caller bounds the total from the sizes `listFilesAtRevision` gave; `maxBytes` is enforced again here.
 */
export async function readBlobs(topDir: string, objects: readonly string[], maxBytes: number): Promise<{ ok: true; blobs: Map<string, Buffer> } | { ok: false; message: string }> {
  if (objects.some((object) => !/^[0-9a-f]{40,64}$/.test(object))) return { ok: false, message: "not an object id" };
  // Up to hundreds of MB in one call: a longer bound than the single-object reads.
  const batch = await git(topDir, ["cat-file", "--batch"], maxBytes + objects.length * 100 + 1024, objects.map((object) => `${object}\n`).join(""), BATCH_TIMEOUT_MS);
  if (!batch.ok) return { ok: false, message: `git cannot read the revision's files${batch.stderr ? ` (git: ${batch.stderr.split("\n")[0]?.trim()})` : ""}` };
  const blobs = new Map<string, Buffer>();
  const out = batch.stdout;
  let at = 0;
  while (at < out.length) {
    const newline = out.indexOf(10, at);
    if (newline < 0) break;
    const header = /^([0-9a-f]{40,64}) blob (\d+)$/.exec(out.subarray(at, newline).toString("utf8"));
    if (!header) return { ok: false, message: `git cannot read object ${out.subarray(at, Math.min(newline, at + 80)).toString("utf8")}` };
    const size = Number(header[2]);
    blobs.set(header[1]!, out.subarray(newline + 1, newline + 1 + size));
    at = newline + 1 + size + 1;
  }
  return { ok: true, blobs };
}

/**
 * `file` (relative to `repoDir`, `/`-separated) as committed in `revision`. `no-file` when the commit
 * exists but has no such file (a config the base branch does not have yet).
 */
export async function readFileAtRevision(repoDir: string, revision: string, file: string, maxBytes: number): Promise<ReadAtRevisionResult> {
  if (!REVISION.test(revision)) return { ok: false, reason: "invalid", message: `"${revision}" is not a revision` };
  const segments = file.split(/[\\/]/).filter((segment) => segment !== "" && segment !== ".");
  if (file.startsWith("/") || segments.length === 0 || segments.includes("..")) return { ok: false, reason: "invalid", message: `${file} is not a path inside the repository` };
  const commit = await checkCommit(repoDir, revision);
  if (!commit.ok) return commit;
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
