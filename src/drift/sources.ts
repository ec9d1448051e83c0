/** Apple documentation the drift rules cite. */
export const DRIFT_DOCS = {
  entitlements: "https://developer.apple.com/documentation/bundleresources/entitlements",
  capabilities: "https://developer.apple.com/help/account/identifiers/enable-app-capabilities",
  profiles: "https://developer.apple.com/help/account/provisioning-profiles/edit-download-or-delete-profiles",
  managedCapabilities: "https://developer.apple.com/forums/thread/67613",
  multicastRequest: "https://developer.apple.com/contact/request/networking-multicast",
  insecureConnections: "https://developer.apple.com/documentation/security/preventing-insecure-network-connections",
  ats: "https://developer.apple.com/documentation/bundleresources/information-property-list/nsapptransportsecurity",
  localNetwork: "https://developer.apple.com/documentation/technotes/tn3179-understanding-local-network-privacy",
  appExtensions: "https://developer.apple.com/documentation/xcode/configuring-app-extensions",
} as const;

