/** Types for bundle.mjs (plain JavaScript so that CI can run it before any TypeScript tooling). */
export declare const repoRoot: string;
export declare const defaultBundleDir: string;
/** Bundles every fuzz target to `<outdir>/<target>.js` (CommonJS); returns the target names. */
export declare function bundleTargets(outdir?: string): Promise<string[]>;
