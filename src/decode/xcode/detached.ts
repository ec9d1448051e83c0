/**
 * A copy of a string that does not keep the text it was cut from alive. V8 represents `text.slice(a, b)` (13
 * characters or more) as a view of `text`: one target name or build setting value kept after its project's
 * turn keeps the whole `project.pbxproj` text in memory (9 MB of the corpus's 143 MB peak RSS were such texts,
 * held by target names, expanded values and messages). Concatenation with one character and flattening makes
 * a string of its own; shorter strings are copied by V8 anyway.
 */
export function detached(text: string): string {
  return text.length < 13 ? text : (` ${text}`).slice(1);
}
