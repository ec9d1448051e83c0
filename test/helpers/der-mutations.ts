/**
 * Seeded mutations of DER for the differential tests of the fast readers (`cms-der.ts`, `x509-der.ts`)
 * against pkijs: byte-level damage to identifiers, lengths and contents, and structural edits that
 * keep the bytes valid DER so they reach the readers' field checks.
 */
import { isFault, readElement, readOnlyElement, walkElements, type DerElement } from "../../src/decode/profile/der.js";

export { seededRandom as random } from "./seeded-random.js";


/** Every element of a DER envelope, for mutations aimed at identifiers and lengths. */
export function elementsOf(bytes: Uint8Array): DerElement[] {
  const root = readOnlyElement(bytes);
  if (isFault(root)) throw new Error(`fixture is not DER: ${root.fault}`);
  const elements: DerElement[] = [];
  const walk = walkElements(bytes, root, { maxDepth: 64, maxElements: 100_000 }, (element) => {
    elements.push(element);
    return true;
  });
  if (isFault(walk)) throw new Error(`fixture is not DER: ${walk.fault}`);
  return elements;
}

/** The length octets' offset and count of an element. */
export function lengthField(bytes: Uint8Array, element: DerElement): { at: number; count: number } {
  let at = element.start + 1;
  if ((bytes[element.start]! & 0x1f) === 0x1f) while (bytes[at++]! & 0x80);
  return { at, count: element.contentStart - at };
}

export interface Mutation {
  readonly label: string;
  readonly bytes: Uint8Array;
}

/**
 * One seeded mutation: bit flips anywhere or in a header, truncation, length edits (off by a few,
 * arbitrary, long form for a short length, indefinite), tag edits, and an element cut out or doubled.
 */
export function mutate(base: Uint8Array, elements: readonly DerElement[], next: () => number): Mutation {
  const bytes = Uint8Array.from(base);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const element = pick(elements);
  const header = lengthField(bytes, element);
  const roll = next();
  if (roll < 0.15) {
    const at = Math.floor(next() * bytes.length);
    bytes[at]! ^= 1 << Math.floor(next() * 8);
    return { label: `flip byte ${at}`, bytes };
  }
  if (roll < 0.35) {
    const at = element.start + Math.floor(next() * (element.contentStart - element.start));
    bytes[at]! ^= 1 << Math.floor(next() * 8);
    return { label: `flip header byte ${at}`, bytes };
  }
  if (roll < 0.45) {
    const at = Math.floor(next() * bytes.length);
    return { label: `truncate at ${at}`, bytes: bytes.subarray(0, at) };
  }
  if (roll < 0.6) {
    const at = header.at + header.count - 1;
    const delta = pick([-3, -2, -1, 1, 2, 3]);
    bytes[at] = (bytes[at]! + delta) & 0xff;
    return { label: `length of element at ${element.start} ${delta > 0 ? "+" : ""}${delta}`, bytes };
  }
  if (roll < 0.68) {
    bytes[header.at] = Math.floor(next() * 256);
    return { label: `length octet at ${header.at} set to ${bytes[header.at]}`, bytes };
  }
  if (roll < 0.74 && header.count === 1 && bytes[header.at]! < 0x80) {
    // The same length in the long form: legal BER, not DER.
    const longForm = Uint8Array.from([...bytes.subarray(0, header.at), 0x81, ...bytes.subarray(header.at)]);
    return { label: `long-form length at ${header.at}`, bytes: longForm };
  }
  if (roll < 0.8 && element.end < bytes.length) {
    bytes[header.at] = 0x80;
    return { label: `indefinite length at ${header.at}`, bytes };
  }
  if (roll < 0.9) {
    bytes[element.start] = Math.floor(next() * 256);
    return { label: `identifier at ${element.start} set to ${bytes[element.start]}`, bytes };
  }
  if (roll < 0.95) {
    const cut = Uint8Array.from([...base.subarray(0, element.start), ...base.subarray(element.end)]);
    return { label: `element at ${element.start} removed`, bytes: cut };
  }
  const doubled = Uint8Array.from([...base.subarray(0, element.end), ...base.subarray(element.start)]);
  return { label: `element at ${element.start} doubled`, bytes: doubled };
}

/** A DER tree that can be edited and written back with correct, minimal lengths. */
export interface TreeNode {
  identifier: Uint8Array;
  children?: TreeNode[];
  content?: Uint8Array;
}

export function treeOf(bytes: Uint8Array, element: DerElement): TreeNode {
  const identifier = bytes.slice(element.start, element.start + lengthField(bytes, element).at - element.start);
  if (!element.constructed) return { identifier, content: bytes.slice(element.contentStart, element.end) };
  const children: TreeNode[] = [];
  for (let at = element.contentStart; at < element.end; ) {
    const child = readElement(bytes, at, element.end);
    if (isFault(child)) throw new Error(`fixture is not DER: ${child.fault}`);
    children.push(treeOf(bytes, child));
    at = child.end;
  }
  return { identifier, children };
}

export function encodeTree(node: TreeNode): Uint8Array {
  const body = node.children ? Buffer.concat(node.children.map(encodeTree)) : Buffer.from(node.content ?? []);
  const length = body.length;
  const lengthOctets = length < 0x80 ? [length] : length < 0x100 ? [0x81, length] : length < 0x10000 ? [0x82, length >> 8, length & 0xff] : [0x83, length >> 16, (length >> 8) & 0xff, length & 0xff];
  return Buffer.concat([node.identifier, Buffer.from(lengthOctets), body]);
}

export function nodesOf(root: TreeNode): { node: TreeNode; parent?: TreeNode }[] {
  const found: { node: TreeNode; parent?: TreeNode }[] = [{ node: root }];
  for (let index = 0; index < found.length; index++) {
    const { node } = found[index]!;
    for (const child of node.children ?? []) found.push({ node: child, parent: node });
  }
  return found;
}

export const TIME_VARIANTS = ["260102030405Z", "20260102030405Z", "2601020304Z", "260102030405+0100", "20260102030405.5Z", "261302030405Z", "491231235959Z", "500101000000Z", "20500101000000Z", "x60102030405Z"];
export const TAG_VARIANTS = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0c, 0x13, 0x16, 0x17, 0x18, 0x1e, 0x30, 0x31, 0x80, 0x81, 0xa0, 0xa1, 0x24, 0x23, 0x2c, 0x9f];

/**
 * Edits that keep the file valid DER (every length rewritten), so they reach the structural checks:
 * retagged elements, changed contents and times, children dropped, doubled, swapped or moved.
 */
export interface StructureMutationOptions {
  /**
   * A subtree to leave out of half the edits (chosen by the generator), so they reach the rest; the
   * envelope tests spare the certificates, which are most of a profile.
   */
  readonly spare?: (root: TreeNode) => TreeNode | undefined;
  /** The identifiers a retag picks from. */
  readonly tags?: readonly number[];
}

export function mutateStructure(base: TreeNode, next: () => number, options: StructureMutationOptions = {}): Mutation {
  const root = structuredClone(base);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const labels: string[] = [];
  const edits = 1 + Math.floor(next() * 3);
  for (let edit = 0; edit < edits; edit++) {
    const nodes = nodesOf(root);
    const spared = options.spare?.(root);
    const inSpared = new Set(spared && next() < 0.5 ? nodesOf(spared).slice(1).map((entry) => entry.node) : []);
    const candidates = nodes.slice(1).filter((entry) => !inSpared.has(entry.node));
    if (candidates.length === 0) break;
    const { node, parent } = pick(candidates);
    const roll = next();
    if (roll < 0.25) {
      const tag = pick(options.tags ?? TAG_VARIANTS);
      node.identifier = tag === 0x9f ? Uint8Array.of(0x9f, 0x1f) : Uint8Array.of(tag);
      if ((tag & 0x20) !== 0 && !node.children) {
        node.children = [];
        delete node.content;
      } else if ((tag & 0x20) === 0 && node.children) {
        node.content = encodeTree({ identifier: Uint8Array.of(0x30), children: node.children });
        delete node.children;
      }
      labels.push(`retag to ${tag.toString(16)}`);
    } else if (roll < 0.4 && node.content) {
      node.content = node.identifier[0] === 0x17 || node.identifier[0] === 0x18 ? Buffer.from(pick(TIME_VARIANTS)) : Uint8Array.from({ length: Math.floor(next() * 12) }, () => Math.floor(next() * 256));
      labels.push("new content");
    } else if (roll < 0.5 && node.content && node.content.length > 0) {
      node.content = Uint8Array.from(node.content);
      node.content[Math.floor(next() * node.content.length)]! ^= 1 << Math.floor(next() * 8);
      labels.push("content bit flip");
    } else if (parent?.children) {
      const siblings = parent.children;
      const index = siblings.indexOf(node);
      const kind = next();
      if (kind < 0.3) {
        siblings.splice(index, 1);
        labels.push("child removed");
      } else if (kind < 0.55) {
        siblings.splice(index, 0, structuredClone(node));
        labels.push("child doubled");
      } else if (kind < 0.75 && index + 1 < siblings.length) {
        [siblings[index], siblings[index + 1]] = [siblings[index + 1]!, siblings[index]!];
        labels.push("children swapped");
      } else {
        siblings.splice(index, 0, structuredClone(pick(nodes).node));
        labels.push("element from elsewhere inserted");
      }
    }
  }
  return { label: labels.join(", "), bytes: encodeTree(root) };
}
