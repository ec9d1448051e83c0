/**
 * The step log's listing of every finding. The runner parses any log line that starts with `::` as a
 * workflow command, and file names and messages come from the linted repository, so the listing is
 * wrapped in `::stop-commands::` with a token nobody can guess: nothing inside it can set outputs, mask,
 * annotate or end the block. https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#stopping-and-starting-workflow-commands
 */
import { randomUUID } from "node:crypto";

export function logListing(text: string, write: (text: string) => void, token: string = randomUUID()): void {
  write(`::stop-commands::${token}\n`);
  write(text.endsWith("\n") ? text : `${text}\n`);
  write(`::${token}::\n`);
}
