import path from "node:path";

/**
 * Whether `fsPath` is `folder` or below it, judged on the resolved text of both. A path outside is `..` or
 * begins with `../` relative to the folder; a name inside that merely begins with two dots (`..reports`) is
 * inside, and treating it as outside lets a repository name choose an unconfined path.
 */
export function isWithin(folder: string, fsPath: string): boolean {
  const relative = path.relative(folder, fsPath);
  return relative === "" || (relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
