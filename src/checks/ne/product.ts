/**
 * A shipped product as Network Extension sees it: the outermost container and everything it embeds,
 * and the provider values its bundles' Info.plists give a reason to claim.
 */
import type { Target } from "../../model/target.js";
import { declaredProviders, PROVIDER_VALUE, type DeclaredProvider } from "./values.js";

/** Every target of the product: the outermost container and everything it embeds. */
export function productTargets(target: Target): Target[] {
  let root = target;
  while (root.parent) root = root.parent;
  const all: Target[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const next = stack.pop() as Target;
    all.push(next);
    stack.push(...next.children);
  }
  return all;
}

/** The providers the product's bundles declare, each with the bundle that declares it. */
export function productProviders(product: readonly Target[]): { readonly member: Target; readonly provider: DeclaredProvider }[] {
  return product.flatMap((member) => declaredProviders(member.infoPlist).map((provider) => ({ member, provider })));
}

/** The plain NE values (`packet-tunnel-provider`) some provider in the product needs. */
export function providedValues(product: readonly Target[]): Set<string> {
  const used = new Set<string>();
  for (const { provider } of productProviders(product)) {
    const value = PROVIDER_VALUE[provider.point];
    if (value) used.add(value);
  }
  return used;
}

/** The Xcode project a target comes from: its id is `xcode:<project path>:<target name>:<configuration label>`. */
function projectOf(target: Target): string | undefined {
  if (target.origin !== "xcode") return undefined;
  const tail = `:${target.name}:${target.configuration ?? ""}`;
  return target.id.endsWith(tail) ? target.id.slice("xcode:".length, -tail.length) : undefined;
}

/**
 * Plain NE values of providers the same project builds but no app embeds (Apple's SimpleTunnel sample builds its
 * app proxy and filter providers as separate targets): a script or another scheme may still ship them.
 */
export function unembeddedProjectValues(product: readonly Target[], all: readonly Target[]): Set<string> {
  const project = product[0] ? projectOf(product[0]) : undefined;
  const values = new Set<string>();
  if (project === undefined) return values;
  for (const other of all) {
    if (other.parent || other.kind?.value === "app" || projectOf(other) !== project) continue;
    for (const provider of declaredProviders(other.infoPlist)) {
      const value = PROVIDER_VALUE[provider.point];
      if (value) values.add(value);
    }
  }
  return values;
}
