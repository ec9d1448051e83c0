/**
 * `--format github`: workflow commands, one per finding, which GitHub turns into annotations.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
import { describeConfigEffect, type ConfigEffect } from "../config/effect.js";
import type { Finding } from "../linter/finding.js";
import { escapeControlCharacters } from "./untrusted-text.js";
import { artifactOf, hasFilePosition, shownMessage } from "./artifact.js";

const COMMAND = { error: "error", warning: "warning", note: "notice" } as const;

/** Escaping rules of the runner's command parser for a message (actions/toolkit `command.ts`), which it unescapes. */
export function commandData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** The same for a property's value. */
export function commandProperty(text: string): string {
  return commandData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * Repository text in a command, after control characters are shown as escapes: the runner would turn `%0A` back
 * into a line break inside the annotation, and ESC or bidi characters would reach the log viewer and the
 * annotation as they are.
 */
export function escapeData(text: string): string {
  return commandData(escapeControlCharacters(text));
}

export function escapeProperty(text: string): string {
  return commandProperty(escapeControlCharacters(text));
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

/** `config`: when it turns rules off or down or ignores files, one notice says so (the run may pass because of it). */
export function formatGithub(findings: readonly Finding[], config?: ConfigEffect): string {
  const note = config ? describeConfigEffect(config, (text) => text) : undefined;
  return findings.map((finding) => `${workflowCommand(finding)}\n`).join("") + (note ? `::notice title=${escapeProperty("ne-lint config")}::${escapeData(note)}\n` : "");
}
