/** Every fuzz target by name, in the order `npm run fuzz` runs them. */
import { fuzz as bplist } from "./bplist.js";
import { fuzz as der } from "./der.js";
import { fuzz as macho } from "./macho.js";
import { fuzz as profile } from "./profile.js";
import { fuzz as xcode } from "./xcode.js";
import { fuzz as xml } from "./xml.js";
import { fuzz as zip } from "./zip.js";

export type FuzzTarget = (data: Buffer) => Promise<void>;

export const TARGETS = { xml, bplist, der, profile, macho, zip, xcode } satisfies Record<string, FuzzTarget>;

export type TargetName = keyof typeof TARGETS;

export const TARGET_NAMES = Object.keys(TARGETS) as TargetName[];

export function isTargetName(name: string): name is TargetName {
  return Object.hasOwn(TARGETS, name);
}
