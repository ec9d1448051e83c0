/** A throwaway git repository built by the test itself (`git init`, commits with fixed identities). */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface TestRepo {
  readonly dir: string;
  /** Writes (or, with `null`, deletes) files and commits them; returns the commit id. */
  commit(files: Record<string, string | null>, message: string): string;
  git(...args: string[]): string;
  remove(): void;
}

const IDENTITY = ["-c", "user.name=ne-lint test", "-c", "user.email=test@ne-lint.invalid", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"];

export function createTestRepo(): TestRepo {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-git-"));
  const git = (...args: string[]): string => execFileSync("git", [...IDENTITY, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" } }).trim();
  git("init", "-q");
  return {
    dir,
    git,
    commit(files, message) {
      for (const [file, text] of Object.entries(files)) {
        const target = path.join(dir, file);
        if (text === null) rmSync(target, { force: true });
        else {
          mkdirSync(path.dirname(target), { recursive: true });
          writeFileSync(target, text);
        }
      }
      git("add", "-A");
      git("commit", "-q", "--allow-empty", "-m", message);
      return git("rev-parse", "HEAD");
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
