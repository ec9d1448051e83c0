import { describe, expect, it } from "vitest";
import { median, pairedRatio } from "../../bench/paired.js";

describe("bench: ratios of interleaved runs", () => {
  it("takes the median of the per-pair ratios, not the ratio of the two medians", () => {
    // The second pair ran while the machine was loaded: both sides slowed down together.
    const subject = [100, 300, 130];
    const baseline = [90, 250, 100];
    expect(median(subject) / median(baseline)).toBeCloseTo(1.3, 10);
    const ratio = pairedRatio(subject, baseline);
    expect(ratio.median).toBeCloseTo(1.2, 10);
    // Quartiles interpolated between the sorted ratios 1.111…, 1.2 and 1.3.
    expect(ratio.low).toBeCloseTo((100 / 90 + 1.2) / 2, 10);
    expect(ratio.high).toBeCloseTo(1.25, 10);
  });

  it("interpolates an even count's median and gives NaN for none", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it("refuses series that are not pairs", () => {
    expect(() => pairedRatio([1, 2], [1])).toThrow(/as many/);
    expect(() => pairedRatio([], [])).toThrow(/at least one/);
  });
});
