/**
 * The fast-check driver: runs one target on mutated seeds (plus generated documents for the plist
 * targets) for a number of runs or a time budget, counting executions. Shared by `npm run fuzz`
 * (one worker per target) and the vitest smoke run.
 */
import fc from "fast-check";
import { encodeDerEntitlements, type EntitlementValue } from "../helpers/macho-fixtures.js";
import { loadSeeds } from "./corpus.js";
import { plistDocument, plistString, toBinary, toXml } from "./generators.js";
import { mutatedInputs } from "./mutate.js";
import { TARGETS, type FuzzTarget, type TargetName } from "./targets/index.js";

export interface CampaignOptions {
  readonly target: TargetName;
  /** Stop after this many generated inputs… */
  readonly runs?: number;
  /** …or after this long, whichever comes first. */
  readonly millis?: number;
  /** fast-check seed, for a reproducible run. */
  readonly seed?: number;
  /** Runs this instead of the target's own function (to check that the driver finds a planted bug). */
  readonly fuzz?: FuzzTarget;
  /** Findings whose message matches are known open bugs: counted, not reported, and the run goes on. */
  readonly ignore?: RegExp;
  /** Called with each input before it runs (the worker keeps the last one for hang reports). */
  readonly beforeEach?: (input: Buffer) => void;
}

export interface CampaignResult {
  readonly target: TargetName;
  /** Inputs executed, shrinking included. */
  readonly executions: number;
  readonly elapsedMs: number;
  readonly seed: number;
  /** Inputs that hit a finding matched by `ignore`. */
  readonly ignored: number;
  /** The first violation, shrunk to a small input. */
  readonly finding?: { readonly message: string; readonly input: Buffer };
}

const entitlementScalar = fc.oneof(fc.boolean(), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), plistString);
const entitlementValue: fc.Arbitrary<EntitlementValue> = fc.letrec<{ value: EntitlementValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    entitlementScalar,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(plistString, tie("value"), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value;

/** Valid documents made on the fly, for the targets whose formats have an independent encoder. */
function generatorFor(target: TargetName): fc.Arbitrary<Buffer> | undefined {
  switch (target) {
    case "xml":
      return plistDocument.map(toXml);
    case "bplist":
      return plistDocument.map(toBinary);
    case "der":
      return fc.dictionary(plistString, entitlementValue, { maxKeys: 6, noNullPrototype: true }).map((dict) => Buffer.from(encodeDerEntitlements(dict)));
    default:
      return undefined;
  }
}

export function inputsFor(target: TargetName): fc.Arbitrary<Buffer> {
  return mutatedInputs(loadSeeds(target), generatorFor(target));
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const fuzz = options.fuzz ?? TARGETS[options.target];
  const seed = options.seed ?? Date.now() ^ (Math.random() * 0x100000000);
  let executions = 0;
  let ignored = 0;
  const started = performance.now();
  const property = fc.asyncProperty(inputsFor(options.target), async (input) => {
    executions++;
    options.beforeEach?.(input);
    try {
      await fuzz(input);
    } catch (error) {
      if (options.ignore && error instanceof Error && options.ignore.test(error.message)) ignored++;
      else throw error;
    }
  });
  const details = await fc.check(property, {
    seed,
    numRuns: options.runs ?? Number.MAX_SAFE_INTEGER,
    ...(options.millis !== undefined ? { interruptAfterTimeLimit: options.millis, markInterruptAsFailure: false } : {}),
  });
  const elapsedMs = performance.now() - started;
  if (!details.failed || !details.counterexample) return { target: options.target, executions, elapsedMs, seed, ignored };
  const error = details.errorInstance;
  const message = error instanceof Error ? error.message : String(error);
  return { target: options.target, executions, elapsedMs, seed, ignored, finding: { message, input: details.counterexample[0] } };
}
