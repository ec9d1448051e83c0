/**
 * The plugin's processor (`ne-lint/plist`, set by the recommended config). It passes the file through
 * unchanged and mends one thing on the way out: ESLint removes an unused disable directive by replacing
 * the comment with a single space (right for JavaScript, where two tokens must not merge), which leaves
 * a line holding only whitespace in a property list. When the directive comment is alone on its line, the
 * fix removes the whole line instead, so `eslint --fix` leaves the file as if the comment had never been
 * written; a comment at the end of a line of content takes the blanks before it. Languages have no hook for this; a processor's `postprocess` is where ESLint lets a plugin
 * rewrite its messages, and it keeps autofix working (`supportsAutofix`).
 */
import type { Linter } from "eslint";

/** The texts being linted, by file name, between `preprocess` and `postprocess` (ESLint calls them in pairs). */
const texts = new Map<string, string>();

const UNUSED_DIRECTIVE = /^Unused eslint-disable directive/;

export const plistProcessor: Linter.Processor = {
  meta: { name: "ne-lint/plist" },
  supportsAutofix: true,
  preprocess(text, filename) {
    texts.set(filename, text);
    return [text];
  },
  postprocess(messages, filename) {
    const text = texts.get(filename);
    texts.delete(filename);
    const flat = messages.flat();
    return text === undefined ? flat : flat.map((message) => wholeLineRemoval(message, text));
  },
};

/** An unused-directive fix on a comment that is alone on its line, widened to remove the line. */
export function wholeLineRemoval(message: Linter.LintMessage, text: string): Linter.LintMessage {
  const fix = message.fix;
  if (message.ruleId !== null || !fix || fix.text !== " " || !UNUSED_DIRECTIVE.test(message.message)) return message;
  const [start, end] = fix.range;
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const newline = text.indexOf("\n", end);
  const lineEnd = newline < 0 ? text.length : newline + 1;
  const before = text.slice(lineStart, start);
  const after = text.slice(end, newline < 0 ? text.length : newline).replace(/\r$/, "");
  if (before.trim() === "" && after.trim() === "") return { ...message, fix: { range: [lineStart, lineEnd], text: "" } };
  // At the end of a line of content: the blanks before the comment go with it.
  if (after.trim() === "") return { ...message, fix: { range: [lineStart + before.trimEnd().length, end], text: "" } };
  return message;
}
