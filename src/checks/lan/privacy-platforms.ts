/**
 * Where local network privacy exists. TN3179's platform table: iOS 14, iPadOS 14, macOS 15 and visionOS 1 have it;
 * tvOS and watchOS do not, so they show no Local Network alert and do not check `NSBonjourServices`.
 */
import type { Platform } from "../../model/target.js";

export function hasLocalNetworkPrivacy(platform: Platform | undefined): boolean {
  return platform !== "tvos" && platform !== "watchos";
}
