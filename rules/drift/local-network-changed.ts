import { localNetworkChanges } from "../../src/drift/local-network.js";
import { DRIFT_DOCS } from "../../src/drift/sources.js";
import { defineDriftRule } from "../../src/linter/types.js";

export default defineDriftRule({
  meta: {
    id: "drift/local-network-changed",
    severity: "note",
    description: "The Local Network usage description or the Bonjour service types changed",
    rationale:
      "`NSLocalNetworkUsageDescription` is the text of the Local Network alert users answer once; `NSBonjourServices` lists the service types " +
      "the app may browse and advertise without the multicast entitlement. A new type widens what the app does on the user's network; a " +
      "removed one makes browsing it fail with NoAuth (-65555); a changed text is what App Review and users read.",
    fix: "Check that the alert text still says why the app needs the local network and that every service type the code uses is listed.",
    sources: [DRIFT_DOCS.localNetwork],
    messages: { changed: "{{target}}: {{change}}; {{consequence}}." },
    tags: ["drift", "local-network", "privacy"],
  },
  check({ base, head, report }) {
    if (!base || !head) return;
    for (const change of localNetworkChanges(base, head)) {
      report({ messageId: "changed", document: change.document, node: change.node, data: { target: head.name, change: change.change, consequence: change.consequence } });
    }
  },
});
