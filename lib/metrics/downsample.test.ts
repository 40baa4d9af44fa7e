import { describe, expect, it } from "vitest";
import { downsampleM4, type SeriesColumns } from "./downsample";

const series = (values: number[], firstStep = 0): SeriesColumns => ({
  steps: values.map((_, i) => firstStep + i),
  values,
  times: values.map((_, i) => 1_000 * (firstStep + i)),
});

describe("downsampleM4", () => {
  it.each([
    {
      name: "keeps first, lowest, highest and last of each bucket, in step order",
      input: series([5, 1, 9, 3, 4, 7, 8, 0, 6, 2, 6, 5]),
      buckets: 2,
      steps: [0, 1, 2, 5, 6, 7, 11],
      band: { fromStep: [0, 6], toStep: [5, 11], min: [1, 0], max: [9, 8] },
    },
    {
      name: "a single spike in a flat series survives",
      input: series([...Array<number>(500).fill(1), 1000, ...Array<number>(499).fill(1)]),
      buckets: 10,
      steps: [0, 99, 100, 199, 200, 299, 300, 399, 400, 499, 500, 501, 599, 600, 699, 700, 799, 800, 899, 900, 999],
      band: null,
    },
    {
      name: "a NaN inside a bucket is kept and left out of the band",
      input: series([2, 3, NaN, 4, 1, 5]),
      buckets: 1,
      steps: [0, 2, 4, 5],
      band: { fromStep: [0], toStep: [5], min: [1], max: [5] },
    },
    {
      name: "infinities count as extremes",
      input: series([0, -Infinity, 1, Infinity, 2]),
      buckets: 1,
      steps: [0, 1, 3, 4],
      band: { fromStep: [0], toStep: [4], min: [-Infinity], max: [Infinity] },
    },
    {
      name: "a bucket of only NaN keeps its first and last point and has no band extremes",
      input: series([NaN, NaN, NaN]),
      buckets: 1,
      steps: [0, 2],
      band: { fromStep: [0], toStep: [2], min: [NaN], max: [NaN] },
    },
    {
      name: "empty buckets are skipped",
      input: { steps: [0, 1, 98, 99], values: [1, 2, 3, 4], times: [0, 1, 2, 3] },
      buckets: 10,
      steps: [0, 1, 98, 99],
      band: { fromStep: [0, 98], toStep: [1, 99], min: [1, 3], max: [2, 4] },
    },
  ])("$name", ({ input, buckets, steps, band }) => {
    const result = downsampleM4(input, { buckets, from: input.steps[0] ?? 0, to: input.steps.at(-1) ?? 0 });
    expect(result.points.steps).toEqual(steps);
    expect(result.points.times).toEqual(steps.map((s) => input.times[input.steps.indexOf(s)]));
    if (band) expect(result.band).toEqual(band);
  });

  it("never keeps more than 5 points per bucket and always keeps the global extremes", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647) * 2 - 1;
    const values = Array.from({ length: 100_000 }, (_, i) => Math.sin(i / 1000) + random() * 0.1);
    values[31_337] = 42;
    values[77_777] = -42;
    const result = downsampleM4(series(values), { buckets: 500, from: 0, to: 99_999 });
    expect(result.points.steps.length).toBeLessThanOrEqual(5 * 500);
    expect(result.points.steps).toContain(31_337);
    expect(result.points.steps).toContain(77_777);
    expect(Math.max(...result.band.max)).toBe(42);
    expect(Math.min(...result.band.min)).toBe(-42);
  });
});
