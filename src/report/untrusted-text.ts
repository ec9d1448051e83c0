/**
 * Text from the linted repository (plist keys and strings, file names, config globs) reaches people
 * through terminals, CI logs, workflow commands, Markdown and SARIF viewers. A pull request controls that
 * text, so every human-facing output passes it through one of these functions; JSON and SARIF keep the
 * exact text (JSON escapes it) apart from SARIF's own embedded-link syntax.
 *
 * Written by hand: the job is a dozen lines of character classes, and the npm packages that strip ANSI
 * sequences (`strip-ansi`) remove only well-formed escapes and leave bare control characters, bidi
 * overrides and line separators in place.
 */

/**
 * Characters that change how a terminal, log viewer or editor shows the text around them instead of
 * being shown: C0 controls (newline ends a log line — the next one may be `::error::`; CR overwrites it;
 * ESC starts title, clipboard (OSC 52) and clear-screen sequences), DEL, C1 controls (8-bit CSI/OSC),
 * Unicode line and paragraph separators, and the bidirectional formatting characters that reorder text
 * ("Trojan Source", CVE-2021-42574: U+202A–U+202E, U+2066–U+2069, and the marks U+200E, U+200F, U+061C).
 * Also characters that display as nothing and so hide text from the reader: zero-width space, word joiner
 * and invisible operators (U+200B, U+2060–U+2064), BOM (U+FEFF), interlinear annotation (U+FFF9–U+FFFB)
 * and Unicode tags (U+E0000–U+E007F, invisible ASCII). Zero-width (non-)joiners stay: emoji sequences and
 * several scripts need them. One character class: linear on any input.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}]/gu;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeOne(character: string): string {
  const named = NAMED[character];
  if (named) return named;
  const code = character.codePointAt(0) ?? 0;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, "0")}`;
  return code <= 0xffff ? `\\u${code.toString(16).padStart(4, "0")}` : `\\u{${code.toString(16)}}`;
}

/**
 * Shows control, separator and bidi characters as escapes (`\n`, `\x1b`, `\u202e`): the result is one
 * line whose characters all display as themselves. Backslashes are left alone, so an escape cannot be
 * told from the same characters typed literally; that costs nothing here (no output is parsed back) and
 * keeps Windows-style paths and regular expressions in messages readable.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}

/**
 * A line of log or terminal output whose start may be repository text (a file name in `stylish`, a plist
 * key in `inspect`). Besides control characters, a line that starts — after spaces — with `::` (workflow
 * command) or `##[` (the runner's older command syntax) would be executed by the GitHub Actions runner,
 * which scans stdout and stderr of every step; the first character is shown escaped instead.
 */
export function terminalLine(text: string): string {
  const escaped = escapeControlCharacters(text);
  const command = /^(\s*)([:#])(?=:|#\[)/.exec(escaped);
  if (!command) return escaped;
  const [, indent = "", first = ""] = command;
  return `${indent}${escapeOne(first)}${escaped.slice(indent.length + 1)}`;
}

/**
 * Markdown inline code for a table cell (GitHub Flavored Markdown): the text shows literally, so no link,
 * image, heading, emphasis, emoji shortcode or HTML from the repository renders. A fence longer than the
 * longest run of backticks inside keeps backticks literal (CommonMark §6.1); control characters are
 * escaped first because a raw line break ends the table row before inline parsing starts; `|` is escaped
 * because GFM splits cells on it even inside code spans (GFM §4.10, "including inside other inline spans").
 */
export function markdownCode(text: string): string {
  const content = escapeControlCharacters(text).replace(/\|/g, "\\|");
  if (content === "") return "` `";
  let longest = 0;
  for (const run of content.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(longest + 1);
  // A space on each side when the content touches a backtick or a space, which CommonMark strips again.
  const pad = /^[` ]|[` ]$/.test(content) ? " " : "";
  return `${fence}${pad}${content}${pad}${fence}`;
}

/**
 * SARIF `message.text` is plain text, but viewers (GitHub code scanning among them) render
 * `[text](target)` in it as an embedded link (SARIF 2.1.0 §3.11.6). Literal brackets are escaped with a
 * backslash, as is a backslash that precedes one, so text from the repository cannot become a link.
 */
export function sarifPlainText(text: string): string {
  return text.replace(/\\(?=[[\]])|[[\]]/g, "\\$&");
}
