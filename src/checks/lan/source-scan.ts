/**
 * One read per source file per run for every source scan. The multicast scan (`evidence.ts`) and the Bonjour
 * scan (`bonjour-evidence.ts`) both look at every Swift, Objective-C and C file of a target; reading each file
 * once for all of them (and remembering only their small results, never the text) halves the opens on a large
 * tree, and a scan whose words a file does not contain is not run on it, so most files of an app are never
 * stripped of their comments (issue #17: 40,000 sources).
 *
 * Each scan module registers its scanner when it loads (the scans do not import each other); the first scan to
 * ask for a file runs every registered scanner on it.
 */
import { readSourceText } from "../../discover/read-file.js";

/** Files above this are generated or vendored blobs, not hand-written networking code. */
export const MAX_SOURCE_BYTES = 1024 * 1024;

export interface SourceScanner<T> {
  /** A file that does not match this cannot give the scan anything (checked on its text as it is, comments included). */
  readonly mayFind: RegExp;
  /** The result for such a file, without scanning it. */
  readonly nothing: T;
  readonly scan: (text: string, file: string) => T;
}

const scanners = new Set<SourceScanner<unknown>>();

export function registerSourceScanner<T>(scanner: SourceScanner<T>): SourceScanner<T> {
  scanners.add(scanner as SourceScanner<unknown>);
  return scanner;
}

/** Work done by the reads here, process-wide, for tests that bound it: files read and bytes read. */
export const sourceReads = { files: 0, bytes: 0 };

type Results = Map<SourceScanner<unknown>, unknown>;

/**
 * What `scanner` finds in one source file, the file read once per run through `memo` for every registered
 * scanner; `undefined` when it cannot be read (missing, not a regular file, larger than `MAX_SOURCE_BYTES`).
 */
export function scannedSource<T>(fsPath: string, file: string, memo: <R>(key: string, compute: () => R) => R, scanner: SourceScanner<T>): T | undefined {
  const results = memo(`lan/source-scan:${fsPath}`, (): Results | undefined => scanAll(fsPath, file, scanners));
  if (!results) return undefined;
  if (results.has(scanner)) return results.get(scanner) as T;
  // Not registered when the file was first read (only a module loaded later): read it again for this scanner.
  return scanAll(fsPath, file, [scanner])?.get(scanner) as T | undefined;
}

function scanAll(fsPath: string, file: string, which: Iterable<SourceScanner<unknown>>): Results | undefined {
  const read = readSourceText(fsPath, MAX_SOURCE_BYTES);
  if (read === undefined) return undefined;
  sourceReads.files++;
  sourceReads.bytes += read.bytes;
  const text = read.text;
  const results: Results = new Map();
  for (const scanner of which) results.set(scanner, scanner.mayFind.test(text) ? scanner.scan(text, file) : scanner.nothing);
  return results;
}
