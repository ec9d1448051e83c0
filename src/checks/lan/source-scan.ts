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

/** In the order they registered: a file's results are an array in this order. */
const scanners: SourceScanner<unknown>[] = [];
/** Every scanner's `nothing`, in order: the results of the many files no scanner has a word in, shared. */
let nothingFound: readonly unknown[] = [];

export function registerSourceScanner<T>(scanner: SourceScanner<T>): SourceScanner<T> {
  if (!scanners.includes(scanner as SourceScanner<unknown>)) {
    scanners.push(scanner as SourceScanner<unknown>);
    nothingFound = scanners.map((registered) => registered.nothing);
  }
  return scanner;
}

/** Work done by the reads here, process-wide, for tests that bound it: files read and bytes read. */
export const sourceReads = { files: 0, bytes: 0 };

/** One run's results by file: each scanner's result in registration order, or `null` when the file cannot be read. */
type Results = Map<string, readonly unknown[] | null>;
const newResults = (): Results => new Map();

/**
 * What `scanner` finds in one source file, the file read once per run (the table lives in `memo`) for every
 * registered scanner; `undefined` when it cannot be read (missing, not a regular file, larger than
 * `MAX_SOURCE_BYTES`). One lookup of the file's own path per call: no key is built per file.
 */
export function scannedSource<T>(fsPath: string, file: string, memo: <R>(key: string, compute: () => R) => R, scanner: SourceScanner<T>): T | undefined {
  const table = memo("lan/source-scan", newResults);
  let results = table.get(fsPath);
  if (results === undefined) table.set(fsPath, (results = scanAll(fsPath, file)));
  if (results === null) return undefined;
  const index = scanners.indexOf(scanner as SourceScanner<unknown>);
  if (index >= 0 && index < results.length) return results[index] as T;
  // Not registered when the file was first read (only a module loaded later): read it again for this scanner.
  const text = readSource(fsPath);
  return text === undefined ? undefined : scanner.mayFind.test(text) ? scanner.scan(text, file) : scanner.nothing;
}

function scanAll(fsPath: string, file: string): readonly unknown[] | null {
  const text = readSource(fsPath);
  if (text === undefined) return null;
  let results: unknown[] | undefined;
  for (let index = 0; index < scanners.length; index++) {
    const scanner = scanners[index]!;
    if (!scanner.mayFind.test(text)) continue;
    results ??= [...nothingFound];
    results[index] = scanner.scan(text, file);
  }
  return results ?? nothingFound;
}

function readSource(fsPath: string): string | undefined {
  const read = readSourceText(fsPath, MAX_SOURCE_BYTES);
  if (read === undefined) return undefined;
  sourceReads.files++;
  sourceReads.bytes += read.bytes;
  return read.text;
}
