/**
 * `--stdin --stdin-filename App/Info.plist`: lint one file read from standard input (editors, pre-commit
 * hooks). The engine reads files from disk, so the bytes are written into a fresh temporary folder at the
 * same relative path and linted there: findings then name the path the user gave, and the file is classified
 * by that name exactly as on disk.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { UsageError } from "./args.js";
import { isWithin } from "../path-within.js";

/** A property list or app config from an editor is kilobytes; this bounds what is buffered. */
export const MAX_STDIN_BYTES = 16 * 1024 * 1024;

export async function readStdin(stream: NodeJS.ReadableStream, maxBytes = MAX_STDIN_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > maxBytes) throw new UsageError(`standard input is larger than ${maxBytes / (1024 * 1024)} MiB; lint the file by its path instead`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Runs `lintAt(folder, relativePath)` on the bytes placed at `filename` (relative to `cwd`) in a temporary folder. */
export async function withStdinFile<T>(bytes: Buffer, filename: string, cwd: string, lintAt: (folder: string, relativePath: string) => Promise<T>): Promise<T> {
  const resolved = path.resolve(cwd, filename);
  const relative = path.relative(cwd, resolved);
  if (relative === "" || !isWithin(cwd, resolved)) throw new UsageError(`--stdin-filename ${filename} must name a file inside the working directory`);
  const folder = mkdtempSync(path.join(os.tmpdir(), "ne-lint-stdin-"));
  try {
    const file = path.join(folder, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    return await lintAt(folder, relative.split(path.sep).join("/"));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
