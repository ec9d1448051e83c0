/**
 * `--format github`: workflow commands, one per finding, which GitHub turns into annotations.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
import type { Finding } from "../rules/finding.js";
import { artifactOf, hasFilePosition, shownMessage } from "./artifact.js";

const COMMAND = { error: "error", warning: "warning", note: "notice" } as const;

/** Escaping rules of the runner's command parser (actions/toolkit `command.ts`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function workflowCommand(finding: Finding): string {
  // Inside an archive: the archive is the file, the member and its position lead the message (as in the Checks API).
  const properties = [`file=${escapeProperty(artifactOf(finding).file)}`];
  if (hasFilePosition(finding)) {
    properties.push(`line=${finding.line}`);
    if (finding.column !== undefined) properties.push(`col=${finding.column}`);
    if (finding.endLine !== undefined) properties.push(`endLine=${finding.endLine}`);
    if (finding.endColumn !== undefined && finding.endLine === finding.line) properties.push(`endColumn=${finding.endColumn}`);
  }
  properties.push(`title=${escapeProperty(`ne-lint ${finding.ruleId}`)}`);
  return `::${COMMAND[finding.severity]} ${properties.join(",")}::${escapeData(shownMessage(finding))}`;
}

export function formatGithub(findings: readonly Finding[]): string {
  return findings.map((finding) => `${workflowCommand(finding)}\n`).join("");
}
