import { describe, expect, it } from "vitest";
import { createRedactor, secretForms, secretsInEnvironment } from "../../src/action/secrets.js";

const TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
const base64 = (text: string): string => Buffer.from(text).toString("base64");

describe("secretsInEnvironment", () => {
  it("takes credential-named variables and the token input, not short or unrelated values", () => {
    const found = secretsInEnvironment({ GITHUB_TOKEN: "ghp_aaaaaaaaaaaa", ACTIONS_RUNTIME_TOKEN: "eyJhbGciOi.runtime", INPUT_TOKEN: "ghs_bbbbbbbbbbbb", NPM_TOKEN: "npm_cccccccccc", PATH: "/usr/bin:/bin", HOME: "/home/runner", MY_SECRET: "short", INPUT_PATHS: "." }, ["ghs_explicit_token"]);
    expect(found.sort()).toEqual(["eyJhbGciOi.runtime", "ghp_aaaaaaaaaaaa", "ghs_bbbbbbbbbbbb", "ghs_explicit_token", "npm_cccccccccc"]);
  });
});

describe("secretForms and the redactor", () => {
  it("include the raw token, base64 of x-access-token:TOKEN (actions/checkout's extraheader) and base64 of the token", () => {
    const forms = secretForms(TOKEN);
    expect(forms).toContain(TOKEN);
    expect(forms).toContain(base64(`x-access-token:${TOKEN}`));
    expect(forms).toContain(base64(TOKEN));
    expect(forms).toContain(encodeURIComponent(base64(`x-access-token:${TOKEN}`)));
  });

  it("redacts the token however it was encoded, leaving at most a few base64 characters of it", () => {
    const { redact } = createRedactor([TOKEN]);
    expect(redact(`AUTHORIZATION: basic ${base64(`x-access-token:${TOKEN}`)}`)).toBe("AUTHORIZATION: basic ***");
    expect(redact(`url=https://x/?t=${encodeURIComponent(base64(TOKEN))}`)).toBe("url=https://x/?t=***");
    for (const prefix of ["", "a", "ab", "abc", "user:", "x-access-token:", "Bearer "]) {
      const encoded = base64(`${prefix}${TOKEN}`);
      for (const variant of [encoded, encoded.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")]) {
        const redacted = redact(variant);
        expect(redacted, prefix).toContain("***");
        // What is left: the prefix's own characters and at most one partial group at each end.
        expect(redacted.replace("***", "").length, prefix).toBeLessThanOrEqual(Math.ceil((prefix.length * 4) / 3) + 8);
      }
    }
  });

  it("leaves text without secrets unchanged", () => {
    const { redact } = createRedactor([TOKEN]);
    expect(redact("NSAllowsArbitraryLoads is true")).toBe("NSAllowsArbitraryLoads is true");
    expect(createRedactor([]).redact("abc")).toBe("abc");
  });
});
