/**
 * Tokens the Action can see, in every form they take on a runner, and one redaction pass over everything
 * the Action writes.
 *
 * `core.setSecret` (`::add-mask::`) makes the runner mask a value in the *log* only; the job summary, the
 * SARIF file and Checks API requests are not masked by anyone. And the runner masks the value as given:
 * `actions/checkout` persists the token in `.git/config` as `AUTHORIZATION: basic <base64 of
 * "x-access-token:TOKEN">`, which contains no occurrence of the raw token. So the Action registers every
 * encoded form with the runner, and passes its own outputs through `redact`, which replaces them all.
 */
import type { CheckRunOutput, GitHubApi } from "./github-api.js";

/** Shorter values are not credentials, and masking them would blank ordinary words out of every message. */
const MIN_SECRET_LENGTH = 8;

/** Environment variables that hold credentials by the usual naming (GITHUB_TOKEN, ACTIONS_RUNTIME_TOKEN, INPUT_TOKEN, NPM_TOKEN, …). */
const SECRET_NAME = /(?:^|_)(?:TOKEN|SECRET|PASSWORD|PAT|API_KEY)(?:_|$)/i;

/** Credentials in the Action's environment, the `token` input among them (the runner passes it as `INPUT_TOKEN`). */
export function secretsInEnvironment(env: NodeJS.ProcessEnv, extra: readonly (string | undefined)[] = []): string[] {
  const values = new Set<string>();
  for (const value of extra) if (value && value.length >= MIN_SECRET_LENGTH) values.add(value);
  for (const [name, value] of Object.entries(env)) if (SECRET_NAME.test(name) && value && value.length >= MIN_SECRET_LENGTH) values.add(value);
  return [...values];
}

const base64 = (text: string): string => Buffer.from(text, "utf8").toString("base64");
const base64Url = (encoded: string): string => encoded.replace(/\+/g, "-").replace(/\//g, "_").replace(/={1,2}$/, "");

/**
 * The part of any base64 text that encodes `secret` starting at byte offset `shift` modulo 3: base64
 * works in 3-byte groups, so whatever precedes the secret (`x-access-token:`, `user:`, a header) leaves the
 * groups made only of the secret's bytes unchanged. Those complete groups are the form to look for.
 */
function alignedBase64(secret: string, shift: 0 | 1 | 2): string {
  const bytes = Buffer.concat([Buffer.alloc(shift), Buffer.from(secret, "utf8")]);
  const encoded = bytes.toString("base64");
  const firstGroup = shift === 0 ? 0 : 1;
  const wholeGroups = Math.floor(bytes.length / 3);
  return encoded.slice(firstGroup * 4, wholeGroups * 4);
}

/** Every form of `secret` worth masking, longest first (so a longer form is replaced before a part of it). */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret, encodeURIComponent(secret)]);
  for (const encoded of [base64(`x-access-token:${secret}`), base64(secret), base64(`:${secret}`)]) {
    forms.add(encoded);
    forms.add(base64Url(encoded));
    forms.add(encodeURIComponent(encoded));
  }
  for (const shift of [0, 1, 2] as const) {
    const aligned = alignedBase64(secret, shift);
    forms.add(aligned);
    forms.add(base64Url(aligned));
  }
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

export interface Redactor {
  /** Every form of every secret, for `core.setSecret`. */
  readonly masks: readonly string[];
  /** `text` with each form replaced by `***` (what the runner shows for a masked value). */
  redact(text: string): string;
}

export function createRedactor(secrets: readonly string[]): Redactor {
  const masks = [...new Set(secrets.flatMap(secretForms))].sort((a, b) => b.length - a.length);
  return {
    masks,
    redact: (text) => {
      let result = text;
      for (const mask of masks) if (result.includes(mask)) result = result.split(mask).join("***");
      return result;
    },
  };
}

/** A GitHub API whose check-run texts (title, summary, annotation titles and messages) pass through `redact`. */
export function redactingApi(api: GitHubApi, redact: (text: string) => string): GitHubApi {
  const clean = (output: CheckRunOutput): CheckRunOutput => ({
    title: redact(output.title),
    summary: redact(output.summary),
    annotations: output.annotations.map((annotation) => ({ ...annotation, path: redact(annotation.path), title: redact(annotation.title), message: redact(annotation.message) })),
  });
  return {
    createCheckRun: (request) => api.createCheckRun({ ...request, output: clean(request.output) }),
    updateCheckRun: (id, output) => api.updateCheckRun(id, clean(output)),
    listPullRequestFiles: (pullNumber) => api.listPullRequestFiles(pullNumber),
  };
}
