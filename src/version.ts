import packageJson from "../package.json" with { type: "json" };

export const TOOL_NAME = "ne-lint";
export const TOOL_VERSION: string = packageJson.version;
export const TOOL_HOMEPAGE = "https://www.npmjs.com/package/ne-lint";
