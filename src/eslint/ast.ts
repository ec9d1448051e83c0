/**
 * The AST the `plist` language gives ESLint: the foundation's plist tree under one `Document` root.
 * Rules written for ESLint directly can visit `Dict`, `Entry`, `Key`, `String`, … by these names;
 * ne-lint's own rules read the same nodes through `PlistDocument`.
 */
import type { PlistComment, PlistNode, PlistValue, SourceRange } from "../model/plist.js";

/**
 * The root node. It spans the whole text (ESLint maps offsets to lines through the root's range),
 * so it starts before the XML declaration while `body` starts at the top-level value.
 */
export interface PlistAstRoot {
  readonly type: "Document";
  readonly body: PlistValue;
  /** XML comments in document order (directives are read from these). */
  readonly comments: readonly PlistComment[];
  readonly loc: SourceRange;
}

export type PlistAstNode = PlistAstRoot | PlistNode;

/** Child keys per node type, in document order; scalars have none. */
export const PLIST_VISITOR_KEYS: Record<PlistAstNode["type"], string[]> = {
  Document: ["body"],
  Dict: ["entries"],
  Entry: ["key", "value"],
  Array: ["items"],
  Key: [],
  String: [],
  Integer: [],
  Real: [],
  Boolean: [],
  Date: [],
  Data: [],
  Uid: [],
};

/** The children of a node in document order. */
export function childrenOf(node: PlistAstNode): readonly PlistNode[] {
  switch (node.type) {
    case "Document":
      return [node.body];
    case "Dict":
      return node.entries;
    case "Entry":
      return [node.key, node.value];
    case "Array":
      return node.items;
    default:
      return [];
  }
}
