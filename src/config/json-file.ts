/**
 * Reads ne-lint's own JSON files (`.ne-lint.json`, baselines) from a repository that may be hostile.
 *
 * A pull request can commit `.ne-lint.json` or the baseline as a symbolic link to `/proc/self/environ`,
 * a secret file, `/dev/zero` or `/proc/self/fd/1`. So the file is read only when it is a regular file
 * whose real path is inside the repository (a path given explicitly that is outside the repository as
 * written is the user's choice and is read), opened non-blocking, checked with fstat and never read past
 * a size cap; and a JSON error says where (line and column) and what kind of error, never which bytes.
 */
import path from "node:path";
import { parse as parseWithPositions } from "@humanwhocodes/momoa";
import { ConfinedFiles, refusalReason } from "../discover/confined-files.js";
import { readFileBounded, textOf } from "../discover/read-file.js";

export interface JsonFileOptions {
  /** The repository the file belongs to (the working directory). */
  readonly repository: string;
  /** Named on the command line or in the Action's inputs, rather than found by name. */
  readonly explicit: boolean;
  readonly maxBytes: number;
  /** How messages name the file. */
  readonly shown: string;
}

type Failure = { readonly ok: false; readonly missing: boolean; readonly message: string };
export type JsonFile = { readonly ok: true; readonly value: unknown } | Failure;
export type RepositoryText = { readonly ok: true; readonly text: string } | Failure;

/** `readRepositoryText` then `parseJsonText`. */
export function readJsonFile(fsPath: string, options: JsonFileOptions): JsonFile {
  const read = readRepositoryText(fsPath, options);
  return read.ok ? parseJsonText(read.text, options.shown) : read;
}

/** The text of one of ne-lint's own files in the repository, read as the module comment says. */
export function readRepositoryText(fsPath: string, options: JsonFileOptions): RepositoryText {
  const { shown } = options;
  const absolute = path.resolve(options.repository, fsPath);
  // Inside the repository as written, the repository's content decides what the path is, so it must
  // resolve inside; outside as written, an explicit path is the user's choice (see `ConfinedFiles.forPaths`).
  const files = ConfinedFiles.forPaths(options.explicit ? [options.repository, absolute] : [options.repository], options.repository);
  const located = files.locate(absolute);
  if (!located.ok) {
    if (located.reason === "missing") return { ok: false, missing: true, message: `${shown} does not exist` };
    return { ok: false, missing: false, message: `${shown} is not read: it resolves to a file ${refusalReason(located.reason)}` };
  }
  const read = readFileBounded(located.realPath, options.maxBytes);
  if (!read.ok) {
    switch (read.reason) {
      case "not-a-file":
        return { ok: false, missing: false, message: `${shown} is not a regular file` };
      case "too-large":
        return { ok: false, missing: false, message: `${shown} is ${read.size} bytes, more than the ${options.maxBytes}-byte limit` };
      case "unreadable":
        return { ok: false, missing: read.code === "ENOENT", message: `${shown} cannot be read (${read.code})` };
    }
  }
  return { ok: true, text: textOf(read.bytes) };
}

/** JSON from text; on an error, where it is and what kind, never the text (`shown` names it). */
export function parseJsonText(text: string, shown: string): JsonFile {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, missing: false, message: `${shown} is not valid JSON (${jsonErrorAt(text)})` };
  }
}

/**
 * Where JSON text goes wrong and what kind of error it is, without quoting it: `JSON.parse` messages
 * include the text (`Unexpected token 'x', "PATH=/usr…" is not valid JSON`), and a config symlinked to a
 * secret would print the secret. momoa's parser gives the line and column.
 */
export function jsonErrorAt(text: string): string {
  try {
    parseWithPositions(text, { mode: "json" });
  } catch (error) {
    const { line, column, message } = error as { line?: unknown; column?: unknown; message?: unknown };
    const kind = typeof message === "string" && message.startsWith("Unexpected end") ? "the text ends too early" : "unexpected character or token";
    if (typeof line === "number" && typeof column === "number") return `line ${line}, column ${column}: ${kind}`;
  }
  return "syntax error";
}
