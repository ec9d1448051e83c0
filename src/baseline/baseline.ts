/**
 * Baselines: the findings a team has accepted, so an existing app can adopt the gate without fixing
 * everything first. A baseline is data (`{ "version": 1, "findings": [{ ruleId, file, fingerprint }] }`),
 * written by `ne-lint --write-baseline` and read by `--baseline` and the Action's `baseline` input.
 *
 * A finding matches an accepted entry by rule, file and its location-independent fingerprint, so
 * inserting lines above a finding does not break the match. Matching counts: two identical accepted
 * entries accept two findings, a third identical finding is new and reported.
 *
 * Version 2 files hold paths relative to the baseline file's folder, so one baseline works from any
 * working directory (the repository root in CI, a subfolder on a laptop). Version 1 files held paths
 * relative to the working directory they were written from; they are still read that way.
 */
import { writeReportFile } from "../report/write-report-file.js";
import path from "node:path";
import { readJsonFile } from "../config/json-file.js";
import type { Finding } from "../linter/finding.js";
import { rebase } from "../discover/walk.js";

export const BASELINE_VERSION = 2;
/** Paths relative to the working directory (read, never written). */
const LEGACY_VERSION = 1;

export interface BaselineEntry {
  readonly ruleId: string;
  readonly file: string;
  readonly fingerprint: string;
}

export interface Baseline {
  readonly version: typeof BASELINE_VERSION | typeof LEGACY_VERSION;
  readonly findings: readonly BaselineEntry[];
}

export interface BaselineOutcome {
  /** Findings the baseline does not accept: the ones to report and gate on. */
  readonly kept: Finding[];
  /** How many findings the baseline accepted. */
  readonly accepted: number;
  /** Accepted entries no current finding used: fixed problems, which can be dropped from the file. */
  readonly unused: number;
}

export class BaselineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BaselineError";
  }
}

/** `fileOf` turns a finding's display path into the path the file stores (see `rebase`). */
export function createBaseline(findings: readonly Finding[], fileOf: (file: string) => string = (file) => file): Baseline {
  const entries = findings.map((finding) => ({ ruleId: finding.ruleId, file: fileOf(finding.file), fingerprint: finding.fingerprint }));
  // Sorted so the file diffs cleanly when it is regenerated.
  entries.sort((a, b) => compareText(a.file, b.file) || compareText(a.ruleId, b.ruleId) || compareText(a.fingerprint, b.fingerprint));
  return { version: BASELINE_VERSION, findings: entries };
}

export function formatBaseline(baseline: Baseline): string {
  const lines = baseline.findings.map((entry) => `    ${JSON.stringify({ ruleId: entry.ruleId, file: entry.file, fingerprint: entry.fingerprint })}`);
  // One entry per line: reviewable and merge-friendly.
  return `{\n  "version": ${baseline.version},\n  "findings": [${lines.length > 0 ? `\n${lines.join(",\n")}\n  ` : ""}]\n}\n`;
}

/** Validates parsed JSON as a baseline; `source` names the file in error messages. */
export function parseBaseline(value: unknown, source: string): Baseline {
  if (!isRecord(value)) throw new BaselineError(`${source}: a baseline must be a JSON object`);
  const version = value.version;
  if (version !== BASELINE_VERSION && version !== LEGACY_VERSION) throw new BaselineError(`${source}: unsupported baseline version ${typeof version === "number" ? version : `of type ${typeof version}`} (expected ${BASELINE_VERSION})`);
  if (!Array.isArray(value.findings)) throw new BaselineError(`${source}: "findings" must be an array`);
  const findings = value.findings.map((entry: unknown, index: number): BaselineEntry => {
    if (!isRecord(entry) || typeof entry.ruleId !== "string" || typeof entry.file !== "string" || typeof entry.fingerprint !== "string") {
      throw new BaselineError(`${source}: findings[${index}] needs string "ruleId", "file" and "fingerprint"`);
    }
    return { ruleId: entry.ruleId, file: entry.file, fingerprint: entry.fingerprint };
  });
  return { version, findings };
}

/** Generous: a large app's baseline is a few hundred KB. */
export const MAX_BASELINE_BYTES = 32 * 1024 * 1024;

export async function readBaseline(file: string, cwd: string): Promise<Baseline> {
  const read = readJsonFile(file, { repository: cwd, explicit: true, maxBytes: MAX_BASELINE_BYTES, shown: file });
  if (!read.ok) throw new BaselineError(read.missing ? `cannot read the baseline file ${file}` : `cannot use the baseline file: ${read.message}`);
  const baseline = parseBaseline(read.value, file);
  if (baseline.version === LEGACY_VERSION) return baseline;
  const folder = path.dirname(path.resolve(cwd, file));
  return { ...baseline, findings: baseline.findings.map((entry) => ({ ...entry, file: rebase(entry.file, folder, cwd) })) };
}

export async function writeBaseline(file: string, cwd: string, findings: readonly Finding[]): Promise<void> {
  const target = path.resolve(cwd, file);
  writeReportFile(cwd, file, formatBaseline(createBaseline(findings, (shown) => rebase(shown, cwd, path.dirname(target)))), "--write-baseline");
}

export function applyBaseline(findings: readonly Finding[], baseline: Baseline): BaselineOutcome {
  const remaining = new Map<string, number>();
  for (const entry of baseline.findings) {
    const key = keyOf(entry);
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  const kept: Finding[] = [];
  let accepted = 0;
  for (const finding of findings) {
    const key = keyOf(finding);
    const left = remaining.get(key) ?? 0;
    if (left > 0) {
      remaining.set(key, left - 1);
      accepted++;
    } else kept.push(finding);
  }
  let unused = 0;
  for (const left of remaining.values()) unused += left;
  return { kept, accepted, unused };
}

function keyOf(entry: BaselineEntry): string {
  return `${entry.ruleId}\u0000${entry.file}\u0000${entry.fingerprint}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
