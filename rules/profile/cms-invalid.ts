import { PROFILE_DOCS } from "../../src/checks/profile/sources.js";
import { defineProblemRule } from "../../src/linter/types.js";

export default defineProblemRule({
  id: "profile/cms-invalid",
  severity: "error",
  description: "A provisioning profile that cannot be read (not CMS, truncated, or not a property list inside)",
  rationale:
    "A provisioning profile is a property list inside a CMS (PKCS #7) signed envelope. A file that is empty, truncated, prefixed with stray " +
    "bytes, or whose content is not a property list is refused by Xcode (\"Unable to read provisioning profile\"), by devices, and by App Store " +
    "upload (ITMS-90165 \"Invalid Provisioning Profile Signature\"); ne-lint cannot check what it cannot read.",
  fix: "Download the profile again from the developer portal; check that it was not committed through a text filter (line-ending or LFS conversion).",
  sources: [PROFILE_DOCS.tn3125, "https://www.rfc-editor.org/rfc/rfc5652"],
  messages: { cmsInvalid: "The provisioning profile cannot be read: {{reason}}" },
  tags: ["profile"],
});
