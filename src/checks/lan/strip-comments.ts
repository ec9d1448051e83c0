/**
 * Blanks out comments in Swift, Objective-C and C source, keeping every other character (and
 * every line break) where it was, so a match in the result has the same line and column as in
 * the file. String literals are kept (address literals are evidence) and are skipped while
 * looking for comment starts, so `"http://…"` never opens a comment. Swift's nested block
 * comments and triple-quoted strings are handled; raw strings (`#"…"#`) are read as plain strings,
 * which is enough here.
 */
export function stripComments(text: string): string {
  const out = text.split("");
  let i = 0;
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (out[k] !== "\n" && out[k] !== "\r") out[k] = " ";
  };
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === "/" && next === "/") {
      const end = text.indexOf("\n", i);
      const stop = end === -1 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === "/" && next === "*") {
      let depth = 1;
      let k = i + 2;
      while (k < text.length && depth > 0) {
        if (text[k] === "/" && text[k + 1] === "*") { depth++; k += 2; }
        else if (text[k] === "*" && text[k + 1] === "/") { depth--; k += 2; }
        else k++;
      }
      blank(i, k);
      i = k;
    } else if (c === "\"" && text.startsWith("\"\"\"", i)) {
      const end = text.indexOf("\"\"\"", i + 3);
      i = end === -1 ? text.length : end + 3;
    } else if (c === "\"" || (c === "'" && isCharLiteralStart(text, i))) {
      let k = i + 1;
      while (k < text.length && text[k] !== c && text[k] !== "\n") k += text[k] === "\\" ? 2 : 1;
      i = k + 1;
    } else i++;
  }
  return out.join("");
}

/** `'x'` in C; Swift has no single-quoted literals, so only a short closed pair counts. */
function isCharLiteralStart(text: string, i: number): boolean {
  const close = text.indexOf("'", i + 1);
  return close !== -1 && close - i <= 4;
}
