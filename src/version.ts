import packageJson from "../package.json" with { type: "json" };

export const TOOL_NAME = "ne-lint";
export const TOOL_VERSION: string = packageJson.version;
export const TOOL_HOMEPAGE: string = packageJson.homepage;
/** `https://github.com/owner/name`, from package.json's `repository` (`git+https://….git`). */
export const TOOL_REPOSITORY: string = packageJson.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
/** The git tag a release is published from (docs/releasing.md): rule pages are linked at it, so a link shows the rule as that version runs it. */
export const RELEASE_TAG = `v${TOOL_VERSION}`;
