/** Apple documentation pages cited by the ATS rules. */
const BASE = "https://developer.apple.com/documentation/bundleresources/information-property-list/nsapptransportsecurity";
export const ATS_DOCS = {
  overview: BASE,
  preventing: "https://developer.apple.com/documentation/security/preventing-insecure-network-connections",
  arbitraryLoads: `${BASE}/nsallowsarbitraryloads`,
  media: `${BASE}/nsallowsarbitraryloadsformedia`,
  webContent: `${BASE}/nsallowsarbitraryloadsinwebcontent`,
  localNetworking: `${BASE}/nsallowslocalnetworking`,
  exceptionDomains: `${BASE}/nsexceptiondomains`,
  pinnedDomains: `${BASE}/nspinneddomains`,
  insecureHttp: "https://developer.apple.com/documentation/bundleresources/information-property-list/nsexceptionallowsinsecurehttploads",
  minimumTls: "https://developer.apple.com/documentation/bundleresources/information-property-list/nsexceptionminimumtlsversion",
  forwardSecrecy: "https://developer.apple.com/documentation/bundleresources/information-property-list/nsexceptionrequiresforwardsecrecy",
  certificateTransparency: "https://developer.apple.com/documentation/bundleresources/information-property-list/nsrequirescertificatetransparency",
  pinnedLeaf: "https://developer.apple.com/documentation/bundleresources/information-property-list/nspinnedleafidentities",
  pinnedCa: "https://developer.apple.com/documentation/bundleresources/information-property-list/nspinnedcaidentities",
} as const;

/** The snippet every ATS docs example is wrapped in. */
export function atsExample(inner: string): string {
  return `<key>NSAppTransportSecurity</key>\n<dict>\n${inner.replace(/^/gm, "\t")}\n</dict>`;
}
