import { atsChanges } from "../../src/drift/ats.js";
import { DRIFT_DOCS } from "../../src/drift/sources.js";
import { defineDriftRule } from "../../src/linter/types.js";

export default defineDriftRule({
  meta: {
    id: "drift/ats-tightened",
    severity: "note",
    description: "App Transport Security lets less through than at the base revision or in the older build",
    rationale:
      "A tightening is good for users, but it can break a server the app still talks to: an exception domain removed, plain HTTP or an old TLS " +
      "version no longer allowed, arbitrary loads turned off, a new exception domain that holds its host to ATS's defaults while a global key is " +
      "on, a key removed from a pin list, or a new pin that fails when the server's key rotates. The note lets the reviewer " +
      "check that every affected server is ready.",
    fix: "Check that the servers concerned support HTTPS with TLS 1.2 and forward secrecy (`nscurl --ats-diagnostics https://host`), and plan pin rotation.",
    sources: [DRIFT_DOCS.ats, DRIFT_DOCS.insecureConnections],
    messages: { tightened: "{{target}}: {{change}}; {{consequence}}." },
    tags: ["drift", "ats"],
  },
  check({ base, head, report }) {
    if (!base || !head) return;
    for (const change of atsChanges(base, head)) {
      if (change.direction !== "tightened") continue;
      report({ messageId: "tightened", document: change.document, node: change.node, data: { target: head.name, change: change.change, consequence: change.consequence } });
    }
  },
});
