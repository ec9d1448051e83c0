/** Apple documentation the local-network rules cite. */
export const LAN_DOCS = {
  multicast: "https://developer.apple.com/documentation/bundleresources/entitlements/com.apple.developer.networking.multicast",
  tn3179: "https://developer.apple.com/documentation/technotes/tn3179-understanding-local-network-privacy",
  bonjourServices: "https://developer.apple.com/documentation/bundleresources/information-property-list/nsbonjourservices",
  usageDescription: "https://developer.apple.com/documentation/bundleresources/information-property-list/nslocalnetworkusagedescription",
  rfc6335: "https://www.rfc-editor.org/rfc/rfc6335#section-5.1",
  networkClient: "https://developer.apple.com/documentation/bundleresources/entitlements/com.apple.security.network.client",
  networkServer: "https://developer.apple.com/documentation/bundleresources/entitlements/com.apple.security.network.server",
  multicastRequest: "https://developer.apple.com/contact/request/networking-multicast",
  /** mDNSResponder's local network check: each NSBonjourServices entry is compared with the service type as a domain name (`SameDomainName`). */
  mdnsTrustChecks: "https://github.com/apple-oss-distributions/mDNSResponder/blob/main/mDNSMacOSX/mdns_objects/mdns_trust_checks.m",
} as const;
