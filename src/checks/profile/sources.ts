/** Apple documentation the profile rules cite. */
export const PROFILE_DOCS = {
  tn3125: "https://developer.apple.com/documentation/technotes/tn3125-inside-code-signing-provisioning-profiles",
  tn2415: "https://developer.apple.com/library/archive/technotes/tn2415/_index.html",
  profileUpdates: "https://developer.apple.com/help/account/manage-profiles/provisioning-profile-updates",
  createProfile: "https://developer.apple.com/help/account/provisioning-profiles/create-a-development-provisioning-profile",
  apsEnvironment: "https://developer.apple.com/documentation/bundleresources/entitlements/aps-environment",
  getTaskAllow: "https://developer.apple.com/documentation/bundleresources/entitlements/com.apple.security.get-task-allow",
  notarization: "https://developer.apple.com/documentation/security/resolving-common-notarization-issues",
  embeddedProfileMac: "https://developer.apple.com/forums/thread/730398",
} as const;
