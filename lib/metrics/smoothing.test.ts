import { describe, expect, it } from "vitest";
import { describeSmoothing, emaSmooth, isPrefixStable, movingAverage, smooth, type Smoothing } from "./smoothing";

const close = (actual: readonly number[], expected: readonly number[]) => {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((e, i) => {
    const a = actual[i] as number;
    if (Number.isNaN(e)) expect(a).toBeNaN();
    else if (!Number.isFinite(e)) expect(a).toBe(e);
    else expect(a).toBeCloseTo(e, 9);
  });
};

describe("emaSmooth", () => {
  it.each([
    { name: "empty", values: [], weight: 0.6, expected: [] },
    { name: "weight 0 is the identity", values: [1, 5, 2], weight: 0, expected: [1, 5, 2] },
    { name: "the first point is itself (debiased)", values: [4], weight: 0.9, expected: [4] },
    { name: "constant stays constant", values: [5, 5, 5, 5], weight: 0.8, expected: [5, 5, 5, 5] },
    // Debiased EMA = mean weighted by w^age: (3 + 2·0.5 + 1·0.25) / 1.75.
    { name: "weighted by age", values: [1, 2, 3], weight: 0.5, expected: [1, 2.5 / 1.5, 4.25 / 1.75] },
    { name: "NaN passes through and is skipped", values: [1, Number.NaN, 3], weight: 0.5, expected: [1, Number.NaN, 3.5 / 1.5] },
    { name: "infinities pass through and are skipped", values: [Infinity, 2, -Infinity, 2], weight: 0.5, expected: [Infinity, 2, -Infinity, 2] },
    { name: "weight 1 is clamped to 0.999", values: [1, 3], weight: 1, expected: [1, (3 + 0.999) / 1.999] },
    { name: "a negative weight is clamped to 0", values: [1, 3], weight: -2, expected: [1, 3] },
    { name: "a NaN weight means no smoothing", values: [1, 3], weight: Number.NaN, expected: [1, 3] },
  ])("$name", ({ values, weight, expected }) => close(emaSmooth(values, weight), expected));
});

describe("movingAverage", () => {
  const ramp = [1, 2, 3, 4, 5];
  it.each([
    { name: "empty", values: [], window: 3, align: "centered" as const, expected: [] },
    { name: "window 1 is the identity", values: ramp, window: 1, align: "centered" as const, expected: ramp },
    { name: "centered 3, cut short at the edges", values: ramp, window: 3, align: "centered" as const, expected: [1.5, 2, 3, 4, 4.5] },
    { name: "trailing 3", values: ramp, window: 3, align: "trailing" as const, expected: [1, 1.5, 2, 3, 4] },
    { name: "centered even window leans ahead", values: ramp, window: 2, align: "centered" as const, expected: [1.5, 2.5, 3.5, 4.5, 5] },
    { name: "a window wider than the series", values: [1, 2, 3], window: 10, align: "centered" as const, expected: [2, 2, 2] },
    { name: "window 0 counts as 1", values: [1, 2], window: 0, align: "trailing" as const, expected: [1, 2] },
    { name: "a fractional window is floored", values: ramp, window: 3.9, align: "trailing" as const, expected: [1, 1.5, 2, 3, 4] },
    { name: "NaN passes through and leaves the windows", values: [1, Number.NaN, 3], window: 3, align: "centered" as const, expected: [1, Number.NaN, 3] },
    { name: "infinity passes through and leaves the windows", values: [1, Infinity, 3], window: 2, align: "trailing" as const, expected: [1, Infinity, 3] },
  ])("$name", ({ values, window, align, expected }) => close(movingAverage(values, window, align), expected));
});

describe("smooth", () => {
  const values = [3, 1, 4, 1, 5, 9, 2, 6];
  it.each<{ smoothing: Smoothing; expected: number[]; stable: boolean; label: string }>([
    { smoothing: { kind: "none" }, expected: values, stable: true, label: "no smoothing" },
    { smoothing: { kind: "ema", weight: 0.5 }, expected: emaSmooth(values, 0.5), stable: true, label: "EMA 0.5" },
    { smoothing: { kind: "moving-average", window: 4, align: "trailing" }, expected: movingAverage(values, 4, "trailing"), stable: true, label: "MA 4, trailing" },
    { smoothing: { kind: "moving-average", window: 4, align: "centered" }, expected: movingAverage(values, 4, "centered"), stable: false, label: "MA 4, centered" },
  ])("$label", ({ smoothing, expected, stable, label }) => {
    const out = smooth(values, smoothing);
    close(out, expected);
    expect(out).not.toBe(values);
    expect(isPrefixStable(smoothing)).toBe(stable);
    expect(describeSmoothing(smoothing)).toBe(label);
    // Prefix-stable smoothers give the same values for a prefix whatever follows it.
    if (stable) close(smooth(values.slice(0, 5), smoothing), out.slice(0, 5));
  });
});
