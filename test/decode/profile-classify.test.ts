import { describe, expect, it } from "vitest";
import { classifyProfile, type ProfileKindEvidence } from "../../src/decode/profile/profile.js";
import type { ProfileKind } from "../../src/model/profile.js";

const IOS = ["iOS", "xrOS", "visionOS"];
const base: ProfileKindEvidence = { platforms: IOS, provisionedDeviceCount: 0, provisionsAllDevices: false, getTaskAllow: false, certificateKinds: ["distribution"] };

// Catalogue §4.3, one row per line: the evidence that changes from `base`, and the expected kind.
const table: [string, Partial<ProfileKindEvidence>, ProfileKind][] = [
  ["iOS devices + get-task-allow true", { provisionedDeviceCount: 3, getTaskAllow: true, certificateKinds: ["development"] }, "development"],
  ["iOS devices + get-task-allow false", { provisionedDeviceCount: 100, getTaskAllow: false }, "ad-hoc"],
  ["iOS no devices", {}, "app-store"],
  ["tvOS no devices", { platforms: ["tvOS"] }, "app-store"],
  ["iOS ProvisionsAllDevices", { provisionsAllDevices: true }, "enterprise"],
  ["OSX ProvisionsAllDevices", { platforms: ["OSX"], provisionsAllDevices: true, getTaskAllow: undefined, certificateKinds: ["developer-id"] }, "developer-id"],
  ["OSX no devices", { platforms: ["OSX"], getTaskAllow: undefined }, "mac-app-store"],
  ["OSX devices", { platforms: ["OSX"], provisionedDeviceCount: 2, getTaskAllow: undefined, certificateKinds: ["development"] }, "mac-development"],
  ["OSX devices ignore get-task-allow false (no Mac ad hoc)", { platforms: ["OSX"], provisionedDeviceCount: 2, getTaskAllow: false }, "mac-development"],
  ["OSX listed with iOS is not a Mac-only profile", { platforms: ["iOS", "OSX"], provisionsAllDevices: true }, "enterprise"],
  ["devices, no get-task-allow, development certificates", { provisionedDeviceCount: 1, getTaskAllow: undefined, certificateKinds: ["development", "development"] }, "development"],
  ["devices, no get-task-allow, distribution certificate", { provisionedDeviceCount: 1, getTaskAllow: undefined, certificateKinds: ["distribution", "unknown"] }, "ad-hoc"],
  ["devices, no get-task-allow, mixed certificates", { provisionedDeviceCount: 1, getTaskAllow: undefined, certificateKinds: ["distribution", "development"] }, "unknown"],
  ["devices, no get-task-allow, no usable certificate", { provisionedDeviceCount: 1, getTaskAllow: undefined, certificateKinds: [undefined, "unknown"] }, "unknown"],
  ["no Platform, macOS-style app id", { platforms: [], macStyleAppId: true }, "mac-app-store"],
  ["no Platform, Developer ID certificate", { platforms: [], provisionsAllDevices: true, certificateKinds: ["developer-id"] }, "developer-id"],
  ["no Platform, nothing Mac", { platforms: [], provisionsAllDevices: true }, "enterprise"],
];

describe("classifyProfile (docs/domain/profiles.md §4.3)", () => {
  it.each(table)("%s", (_name, change, expected) => {
    expect(classifyProfile({ ...base, ...change })).toBe(expected);
  });

  it("ProvisionsAllDevices wins over a device list", () => {
    expect(classifyProfile({ ...base, provisionsAllDevices: true, provisionedDeviceCount: 5, getTaskAllow: true })).toBe("enterprise");
  });
});
