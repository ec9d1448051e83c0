/**
 * The step log's listing of every finding. The runner parses any log line that starts with `::` as a
 * workflow command, and file names and messages come from the linted repository, so the listing is
 * wrapped in `::stop-commands::` with a token the listing does not contain (`absentToken`; GitHub's docs ask
 * for a random one, which is unlikely to occur in output not known in advance): nothing inside it can set
 * outputs, mask, annotate or end the block. https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#stopping-and-starting-workflow-commands
 */
import { absentToken } from "./runner.js";

/** `text` is written as it is: what is redacted must be redacted before the token is chosen. */
export function logListing(text: string, write: (text: string) => void): void {
  const token = absentToken("ne-lint-listing", text);
  write(`::stop-commands::${token}\n`);
  write(text.endsWith("\n") ? text : `${text}\n`);
  write(`::${token}::\n`);
}
