/** Inputs for the Action tests: Info.plists with a known number of findings and a pull_request event. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../helpers/paths.js";

/**
 * An Info.plist whose every exception domain yields three findings: an error (uppercase domain,
 * ats/domain-not-lowercase), a warning (TLS 1.0, ats/weak-min-tls) and a note (forward secrecy off,
 * ats/forward-secrecy-disabled). `domains` × 3 findings in total.
 */
export function infoPlistWithDomains(domains: number, prefix = "Host", leading?: { domains: number; prefix: string }): string {
  const entries: string[] = leading ? domainEntries(leading.domains, leading.prefix) : [];
  entries.push(...domainEntries(domains, prefix));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    "<dict>",
    "\t<key>CFBundleIdentifier</key>",
    "\t<string>com.example.vpn</string>",
    "\t<key>NSAppTransportSecurity</key>",
    "\t<dict>",
    "\t\t<key>NSExceptionDomains</key>",
    "\t\t<dict>",
    ...entries,
    "\t\t</dict>",
    "\t</dict>",
    "</dict>",
    "</plist>",
    "",
  ].join("\n");
}

/** Seven lines per domain. */
function domainEntries(domains: number, prefix: string): string[] {
  const entries: string[] = [];
  for (let i = 0; i < domains; i++) {
    entries.push(
      `\t\t\t<key>${prefix}${i}.Example.com</key>`,
      "\t\t\t<dict>",
      "\t\t\t\t<key>NSExceptionMinimumTLSVersion</key>",
      "\t\t\t\t<string>TLSv1.0</string>",
      "\t\t\t\t<key>NSExceptionRequiresForwardSecrecy</key>",
      "\t\t\t\t<false/>",
      "\t\t\t</dict>",
    );
  }
  return entries;
}

export const PR_NUMBER = 1347;
/** The pull request's head commit: distinct from GITHUB_SHA (the merge commit), as on a real runner. */
export const HEAD_SHA = "e5bd3914e2e596debea16f433f57875b5b90bcd6";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- GitHub's example object, edited field by field
let examplePull: any;

/**
 * A `pull_request` (synchronize) event payload as the runner writes it to GITHUB_EVENT_PATH, built from
 * GitHub's own pull request example in the OpenAPI description; `fork` makes the head repository a fork.
 */
/** A fork's pull request whose base commit is `sha` (a commit of a test repository). */
export function pullRequestEventWithBase(sha: string): { name: string; payload: Record<string, unknown> } {
  const event = pullRequestEvent({ fork: true });
  (event.payload.pull_request as { base: { sha: string } }).base.sha = sha;
  return event;
}

export function pullRequestEvent(options: { fork: boolean }): { name: string; payload: Record<string, unknown> } {
  examplePull ??= JSON.parse(readFileSync(path.join(repoRoot, "node_modules/@octokit/openapi/generated/api.github.com.json"), "utf8")).components.examples["pull-request"].value;
  const pull = structuredClone(examplePull);
  const base = { ...pull.base.repo, name: "vpn-app", full_name: "octo-org/vpn-app", owner: { ...pull.base.repo.owner, login: "octo-org" }, fork: false, visibility: "public" };
  pull.number = PR_NUMBER;
  pull.base.repo = base;
  pull.head.sha = HEAD_SHA;
  pull.head.repo = options.fork ? { ...base, full_name: "contributor/vpn-app", owner: { ...base.owner, login: "contributor" }, fork: true } : base;
  pull.head.label = options.fork ? "contributor:fix-ats" : "octo-org:fix-ats";
  return {
    name: "pull_request",
    payload: { action: "synchronize", number: PR_NUMBER, before: "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", after: HEAD_SHA, pull_request: pull, repository: base, sender: pull.user },
  };
}
