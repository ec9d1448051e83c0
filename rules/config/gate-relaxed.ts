import { defineProblemRule } from "../../src/linter/types.js";

export default defineProblemRule({
  id: "config/gate-relaxed",
  severity: "error",
  description: "A pull request whose `.ne-lint.json` lets more through than the base branch's config",
  rationale:
    "`.ne-lint.json` lives in the repository, so the pull request under review can change the gate that reviews it: turn a rule off or " +
    "down, add `ignore: [\"**\"]`, or switch the distribution so that App Store checks no longer apply, and the run passes. When the base " +
    "branch's config is known (the GitHub Action on `pull_request` events, with the base commit fetched), each way the pull request's config " +
    "relaxes it is reported here, so the relaxation is reviewed as a change of its own. Changed rule options are listed too: ne-lint cannot " +
    "tell whether new options narrow or widen what a rule reports. The severity of this rule is taken from the base branch's config only; " +
    "the pull request cannot turn it off. With the Action's `config-from: base`, the run is gated by the base branch's config and these " +
    "findings say what will change once the pull request is merged.",
  fix:
    "If the relaxation is intended, say why in the pull request and have it approved as a policy change (a maintainer can merge the config " +
    "change on its own first). Otherwise restore the base branch's settings; to silence one finding, suppress it inline in the plist " +
    "instead of relaxing the whole gate.",
  sources: ["https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/"],
  reads: "the pull request's config against its base commit's (GitHub Action on pull requests)",
  messages: { relaxed: "The pull request's config {{reason}}." },
  tags: ["security"],
  securitySeverity: 5.0,
  securityWeakness:
    "The change under review turns off part of the check that reviews it, so the weaknesses the relaxed rules catch can ship unreviewed (CWE-693, protection mechanism failure).",
});
