/**
 * Which walked files are XcodeGen specs to read (xcodegen.ts reads them). Apart from the reader so a run
 * without a `project.yml` never loads the YAML parser.
 */
import path from "node:path";

/** The walked `project.yml`/`project.yaml` files in folders without an `.xcodeproj` (a committed generated project is read instead). */
export function xcodeGenSpecFiles(walked: Iterable<string>, pbxprojFiles: readonly { readonly fsPath: string }[]): string[] {
  let projectFolders: Set<string> | undefined;
  const specs: string[] = [];
  for (const fsPath of walked) {
    // The suffix test first: this runs on every walked file.
    if (!(fsPath.endsWith(".yml") || fsPath.endsWith(".yaml")) || !/^project\.ya?ml$/.test(path.basename(fsPath))) continue;
    projectFolders ??= new Set(pbxprojFiles.map((file) => path.dirname(path.dirname(file.fsPath))));
    if (!projectFolders.has(path.dirname(fsPath))) specs.push(fsPath);
  }
  return specs;
}
