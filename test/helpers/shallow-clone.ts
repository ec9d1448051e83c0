/**
 * A pull request's checkout as actions/checkout makes it: `origin` is a bare repository (a file:// remote the
 * test owns) and the clone is one commit deep, so older commits are not in its object store.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestRepo } from "./git-repo.js";

export interface ShallowClone {
  /** The bare repository the clone's `origin` names. */
  readonly origin: string;
  /** The shallow clone's working tree. */
  readonly dir: string;
  git(...args: string[]): string;
  remove(): void;
}

const ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };

export function shallowCloneOf(source: TestRepo): ShallowClone {
  const parent = mkdtempSync(path.join(os.tmpdir(), "ne-lint-shallow-"));
  const origin = path.join(parent, "origin.git");
  const dir = path.join(parent, "clone");
  execFileSync("git", ["clone", "-q", "--bare", source.dir, origin], { env: ENV });
  execFileSync("git", ["clone", "-q", "--depth=1", `file://${origin}`, dir], { env: ENV });
  return {
    origin,
    dir,
    git: (...args) => execFileSync("git", args, { cwd: dir, encoding: "utf8", env: ENV }).trim(),
    remove: () => rmSync(parent, { recursive: true, force: true }),
  };
}
