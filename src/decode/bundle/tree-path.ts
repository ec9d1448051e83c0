/**
 * Paths inside a file tree (a bundle folder or a zip archive): always `/`-separated and relative
 * to the tree root, with no empty, `.` or `..` segments. One spelling per file is what lets
 * duplicate detection and bundle layout compare paths as plain strings.
 */

/**
 * Why `path` is not a safe archive member name, or `undefined` when it is. Checked for every zip
 * member and every path a caller asks to read, so nothing outside the tree root can be named.
 */
export function unsafeTreePathReason(path: string): string | undefined {
  if (path.includes("\\")) return "the name contains a backslash, which Windows tools treat as a separator";
  if (/^[a-zA-Z]:/.test(path)) return "the name starts with a drive letter";
  return invalidRelativePathReason(path);
}

/**
 * The POSIX part of `unsafeTreePathReason`: enough for folder trees, where a backslash or a colon
 * is an ordinary character in a file name.
 */
export function invalidRelativePathReason(path: string): string | undefined {
  if (path.length === 0) return "the name is empty";
  if (path.includes("\0")) return "the name contains a NUL character";
  if (path.startsWith("/")) return "the name is an absolute path";
  for (const segment of path.split("/")) {
    if (segment === "..") return "the name climbs out of the tree with '..'";
    if (segment === ".") return "the name contains a '.' segment";
    if (segment === "") return "the name contains an empty segment ('//')";
  }
  return undefined;
}

export function joinTreePath(base: string, name: string): string {
  if (base === "") return name;
  if (name === "") return base;
  return `${base}/${name}`;
}

export function parentTreePath(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** `true` when `ancestor` is `path` itself or one of its parent folders (`""` is the root). */
export function isSameOrAncestor(ancestor: string, path: string): boolean {
  if (ancestor === "") return true;
  return path === ancestor || path.startsWith(`${ancestor}/`);
}
