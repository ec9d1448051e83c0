/** Validators for what ne-lint emits, built from the published schemas (never from our own expectations). */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import Ajv from "ajv";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { repoRoot } from "./paths.js";

const require = createRequire(import.meta.url);

function errorsOf(validate: { errors?: unknown[] | null }): string {
  return JSON.stringify(validate.errors?.slice(0, 5), null, 1);
}

/** OASIS SARIF 2.1.0 (rtm.5) schema, as shipped in @microsoft/jest-sarif. */
export function validateSarif(document: unknown): string | undefined {
  const schema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
  // The OASIS schema has a `language` pattern that is only valid without the `u` flag.
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv as never);
  const validate = ajv.compile(schema);
  return validate(document) ? undefined : errorsOf(validate);
}

export function validateWithRepoSchema(schemaFile: string, document: unknown): string | undefined {
  const schema = JSON.parse(readFileSync(path.join(repoRoot, schemaFile), "utf8"));
  const ajv = new Ajv.default({ allErrors: true, strict: false });
  addFormats.default(ajv as never);
  const validate = ajv.compile(schema);
  return validate(document) ? undefined : errorsOf(validate);
}
