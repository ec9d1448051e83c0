/**
 * A local stand-in for the GitHub REST API on 127.0.0.1. Every request is checked against GitHub's
 * published OpenAPI description (@octokit/openapi, api.github.com): the route must exist for the method,
 * path and query parameters must match their schemas, the JSON body must match the operation's request
 * schema (with ajv), and the token must be the one the test handed out. A request that fails any check is
 * answered 422, as GitHub does, and kept in `violations` so tests can insist there are none.
 * Tests script refusals (403 for forks), validation errors (422) and outages (5xx) with `respond`.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { repoRoot } from "../helpers/paths.js";

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  /** `checks/create`, `checks/update`, `pulls/list-files`, … (`undefined` when no route matches). */
  readonly operationId: string | undefined;
  readonly pathParams: Record<string, string>;
  readonly body: unknown;
  readonly authorization: string | undefined;
  /** What was wrong with the request according to the OpenAPI description; empty when valid. */
  readonly problems: string[];
  status?: number;
}

export interface FakeResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface FakeGitHubOptions {
  /** The token the Action must send (`Authorization: token …`). */
  readonly token: string;
  /** Files the pull request changes, served by `pulls/list-files`. */
  readonly changedFiles?: readonly string[];
  /** Scripted answers; return undefined to get the default (valid) behaviour. */
  readonly respond?: (request: RecordedRequest, attempt: number) => FakeResponse | undefined;
}

export interface FakeGitHub {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Requests the OpenAPI description rejects. */
  readonly violations: () => RecordedRequest[];
  close(): Promise<void>;
}

type JsonObject = Record<string, unknown>;

interface Parameter {
  readonly name: string;
  readonly in: "path" | "query" | "header" | "cookie";
  readonly required?: boolean;
  readonly schema?: JsonObject;
}

interface Operation {
  readonly operationId: string;
  readonly parameters?: (Parameter | { $ref: string })[];
  readonly requestBody?: { required?: boolean; content: Record<string, { schema: JsonObject }> };
  readonly responses: Record<string, { content?: Record<string, { schema: JsonObject }> }>;
}

interface Route {
  readonly template: string;
  readonly pattern: RegExp;
  readonly names: string[];
  readonly operations: Record<string, Operation>;
}

const SPEC_FILE = path.join(repoRoot, "node_modules/@octokit/openapi/generated/api.github.com.json");

/** The description is 13 MB; parse and index it once per test file. */
let loaded: { spec: JsonObject & { paths: Record<string, Record<string, Operation>>; components: JsonObject }; routes: Route[]; ajv: Ajv.default } | undefined;

function load(): NonNullable<typeof loaded> {
  if (loaded) return loaded;
  const spec = JSON.parse(readFileSync(SPEC_FILE, "utf8"));
  const routes: Route[] = Object.entries(spec.paths as Record<string, Record<string, Operation>>).map(([template, operations]) => {
    const names: string[] = [];
    const source = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{([^}]+)\\?\}/g, (_, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    return { template, pattern: new RegExp(`^${source}$`), names, operations };
  });
  // Literal segments win over parameters (`/repos/{o}/{r}/pulls/comments` before `/pulls/{pull_number}`).
  routes.sort((a, b) => a.names.length - b.names.length);
  // OpenAPI 3.0 schemas: ajv understands `nullable`; GitHub's extra keywords and formats (int64) are ignored.
  const ajv = new Ajv.default({ strict: false, allErrors: true, validateSchema: false, logger: false });
  addFormats.default(ajv as never);
  ajv.addSchema({ components: normalise(spec.components) }, "gh");
  loaded = { spec, routes, ajv };
  return loaded;
}

/**
 * OpenAPI 3.0 → what ajv compiles: `#/components/...` references point at the registered description, and
 * `nullable` without `type` (which ajv rejects) becomes "null or the rest of the schema".
 */
function normalise(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(normalise);
  if (typeof schema !== "object" || schema === null) return schema;
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) result[key] = key === "$ref" && typeof value === "string" && value.startsWith("#/") ? `gh${value}` : normalise(value);
  if (result.nullable === true && result.type === undefined) {
    const { nullable: _nullable, ...rest } = result;
    return { anyOf: [{ type: "null" }, rest] };
  }
  return result;
}

/** Validates `value` against a named schema of the description (`components.schemas[name]`); returns the problems. */
export function schemaProblems(name: string, value: unknown): string[] {
  const validate = load().ajv.compile({ $ref: `gh#/components/schemas/${name}` });
  return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message}`);
}

const compiled = new WeakMap<object, ValidateFunction>();
function validatorFor(schema: JsonObject): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = load().ajv.compile(normalise(schema) as JsonObject);
    compiled.set(schema, validate);
  }
  return validate;
}

function resolveParameter(parameter: Parameter | { $ref: string }): Parameter {
  if (!("$ref" in parameter)) return parameter;
  const name = parameter.$ref.replace("#/components/parameters/", "");
  return (load().spec.components.parameters as Record<string, Parameter>)[name] as Parameter;
}

/** Query and path values are strings on the wire; coerce them the way the schema types them. */
function coerce(value: string, schema: JsonObject | undefined): unknown {
  if (schema?.type === "integer" || schema?.type === "number") return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (schema?.type === "boolean") return value === "true" ? true : value === "false" ? false : value;
  return value;
}

function describeErrors(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message}`).join("; ");
}

function validateRequest(request: RecordedRequest, operation: Operation, hasBody: boolean): void {
  const parameters = (operation.parameters ?? []).map(resolveParameter);
  for (const parameter of parameters) {
    const raw = parameter.in === "path" ? request.pathParams[parameter.name] : parameter.in === "query" ? request.query[parameter.name] : undefined;
    if (raw === undefined) {
      if (parameter.required && (parameter.in === "path" || parameter.in === "query")) request.problems.push(`missing ${parameter.in} parameter ${parameter.name}`);
      continue;
    }
    if (parameter.schema) {
      const validate = validatorFor(parameter.schema);
      if (!validate(coerce(raw, parameter.schema))) request.problems.push(`${parameter.in} parameter ${parameter.name}: ${describeErrors(validate)}`);
    }
  }
  for (const name of Object.keys(request.query)) {
    if (!parameters.some((parameter) => parameter.in === "query" && parameter.name === name)) request.problems.push(`unknown query parameter ${name}`);
  }
  const bodySchema = operation.requestBody?.content["application/json"]?.schema;
  if (!bodySchema) {
    if (hasBody) request.problems.push("this operation takes no request body");
    return;
  }
  if (!hasBody) {
    if (operation.requestBody?.required) request.problems.push("missing request body");
    return;
  }
  const validate = validatorFor(bodySchema);
  if (!validate(request.body)) request.problems.push(`body: ${describeErrors(validate)}`);
  // GitHub ignores unknown fields; a fake that accepts typos would hide bugs, so name them.
  const known = bodySchema.properties as JsonObject | undefined;
  if (known && typeof request.body === "object" && request.body !== null) {
    for (const key of Object.keys(request.body)) if (!(key in known)) request.problems.push(`body: unknown property ${key}`);
  }
}

/** The example a real GitHub answer looks like, from the description's `components.examples`. */
function example(name: string): unknown {
  const examples = load().spec.components.examples as Record<string, { value: unknown }>;
  const value = examples[name]?.value;
  if (value === undefined) throw new Error(`no example ${name} in the OpenAPI description`);
  return structuredClone(value);
}

/** Our default answers must themselves satisfy the description's response schema. */
function checkResponse(operation: Operation, status: number, body: unknown): void {
  const schema = operation.responses[String(status)]?.content?.["application/json"]?.schema;
  if (!schema) return;
  const validate = validatorFor(schema);
  if (!validate(body)) throw new Error(`fake GitHub answers ${operation.operationId} with an invalid body: ${describeErrors(validate)}`);
}

function readBody(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    incoming.on("error", reject);
  });
}

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const { routes } = load();
  const requests: RecordedRequest[] = [];
  const attempts = new Map<string, number>();
  let nextCheckRunId = 4200;
  const checkRuns = new Map<number, JsonObject>();

  const defaultAnswer = (request: RecordedRequest, operation: Operation): FakeResponse => {
    const body = request.body as JsonObject;
    if (request.operationId === "checks/create") {
      const id = nextCheckRunId++;
      const run: JsonObject = { ...(example("check-run-example-of-completed-conclusion") as JsonObject), id, name: body.name, head_sha: body.head_sha, status: "completed", conclusion: body.conclusion ?? null };
      run.html_url = `https://github.com/${request.pathParams.owner}/${request.pathParams.repo}/runs/${id}`;
      checkRuns.set(id, run);
      checkResponse(operation, 201, run);
      return { status: 201, body: run };
    }
    if (request.operationId === "checks/update") {
      const run = checkRuns.get(Number(request.pathParams.check_run_id));
      if (!run) return { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest/checks/runs#update-a-check-run", status: "404" } };
      checkResponse(operation, 200, run);
      return { status: 200, body: run };
    }
    if (request.operationId === "pulls/list-files") {
      const perPage = Number(request.query.per_page ?? 30);
      const page = Number(request.query.page ?? 1);
      const all = options.changedFiles ?? [];
      const template = (example("diff-entry-items") as JsonObject[])[0];
      const items = all.slice((page - 1) * perPage, page * perPage).map((filename, index) => ({ ...template, sha: `${index}`.padStart(40, "0"), filename, status: "modified" }));
      checkResponse(operation, 200, items);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const base = `${server.url}${request.path}?per_page=${perPage}`;
      const headers: Record<string, string> = page < last ? { link: `<${base}&page=${page + 1}>; rel="next", <${base}&page=${last}>; rel="last"` } : {};
      return { status: 200, body: items, headers };
    }
    return { status: 501, body: { message: `the fake GitHub does not implement ${request.operationId}` } };
  };

  const handle = async (incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> => {
    const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
    const text = await readBody(incoming);
    const method = (incoming.method ?? "GET").toLowerCase();
    let body: unknown;
    const problems: string[] = [];
    if (text !== "") {
      try {
        body = JSON.parse(text);
      } catch {
        problems.push("body is not JSON");
      }
      if (!String(incoming.headers["content-type"] ?? "").startsWith("application/json")) problems.push(`content-type ${incoming.headers["content-type"]} is not JSON`);
    }
    const route = routes.find((candidate) => candidate.pattern.test(url.pathname));
    const operation = route?.operations[method];
    const pathParams: Record<string, string> = {};
    if (route) {
      const match = route.pattern.exec(url.pathname);
      route.names.forEach((name, index) => (pathParams[name] = decodeURIComponent(match?.[index + 1] ?? "")));
    }
    const request: RecordedRequest = {
      method: method.toUpperCase(),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      operationId: operation?.operationId,
      pathParams,
      body,
      authorization: incoming.headers.authorization,
      problems,
    };
    requests.push(request);
    if (!operation) problems.push(route ? `${method.toUpperCase()} is not an operation of ${route.template}` : `no such route ${url.pathname}`);
    else validateRequest(request, operation, text !== "");
    if (request.authorization !== `token ${options.token}`) problems.push("missing or wrong Authorization header");

    const key = `${request.operationId}`;
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    let answer: FakeResponse;
    if (problems.length > 0) {
      answer = { status: 422, body: { message: "Validation Failed", errors: problems, documentation_url: "https://docs.github.com/rest", status: "422" } };
    } else {
      answer = options.respond?.(request, attempt) ?? defaultAnswer(request, operation as Operation);
    }
    request.status = answer.status;
    outgoing.writeHead(answer.status, { "content-type": "application/json; charset=utf-8", ...answer.headers });
    outgoing.end(answer.body === undefined ? "" : JSON.stringify(answer.body));
  };

  const httpServer = createServer((incoming, outgoing) => {
    handle(incoming, outgoing).catch((error: unknown) => {
      outgoing.writeHead(500, { "content-type": "application/json" });
      outgoing.end(JSON.stringify({ message: `fake GitHub crashed: ${error instanceof Error ? error.message : String(error)}` }));
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const server: FakeGitHub = {
    url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
    requests,
    violations: () => requests.filter((request) => request.problems.length > 0),
    close: () => new Promise<void>((resolve, reject) => httpServer.close((error) => (error ? reject(error) : resolve()))),
  };
  return server;
}

/** The answer GitHub gives a read-only token (fork pull requests) on a write endpoint. */
export const FORBIDDEN: FakeResponse = {
  status: 403,
  body: { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/checks/runs#create-a-check-run", status: "403" },
};

export const SERVER_ERROR: FakeResponse = { status: 502, body: { message: "Server Error" } };
