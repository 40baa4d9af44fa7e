import { describe, expect, it } from "vitest";
import { coverRange, rollupPoints, rollupRowPoints } from "./rollup";

describe("rollupPoints", () => {
  it("keeps per bucket the first, last, lowest, highest and first NaN, whatever the order sent", () => {
    const rows = rollupPoints(7, { steps: [5, 1, 2, 3, 0, 4], values: [9, NaN, -1, -1, 4, NaN], times: [50, 10, 20, 30, 0, 40] }, [1, 3]);
    expect(rows.filter((r) => r.level === 1).map((r) => [r.bucket, r.count, r.firstStep, r.lastStep, r.minStep, r.maxStep, r.nanStep])).toEqual([
      [2, 2, 4, 5, 5, 5, 4],
      [0, 2, 0, 1, 0, 0, 1],
      [1, 2, 2, 3, 2, 2, null],
    ]);
    const [whole] = rows.filter((r) => r.level === 3);
    expect(whole).toMatchObject({ keyId: 7, bucket: 0, count: 6, firstStep: 0, firstValue: 4, lastStep: 5, lastValue: 9, lastTime: 50 });
    // On a tie the earlier step is the extreme; NaN is neither lowest nor highest.
    expect(whole).toMatchObject({ minStep: 2, minValue: -1, minTime: 20, maxStep: 5, maxValue: 9, nanStep: 1, nanTime: 10 });
  });

  it("leaves lowest and highest empty for a bucket of only NaN", () => {
    const [row] = rollupPoints(1, { steps: [0, 1], values: [NaN, NaN], times: [0, 1] }, [4]);
    expect(row).toMatchObject({ count: 2, minStep: null, maxStep: null, nanStep: 0 });
    expect(rollupRowPoints(row!).map(([step]) => step)).toEqual([0, 0, 1]);
  });
});

describe("coverRange", () => {
  it.each([
    { name: "too short for any bucket: raw", from: 3, to: 9, maxWidth: 1000, parts: [{ level: null, fromStep: 3, toStep: 9 }] },
    { name: "no level narrow enough: raw", from: 0, to: 1_000_000, maxWidth: 32, parts: [{ level: null, fromStep: 0, toStep: 1_000_000 }] },
    { name: "aligned range: whole buckets of one level", from: 0, to: 4095, maxWidth: 64, parts: [{ level: 6, fromBucket: 0, toBucket: 63 }] },
    {
      name: "ragged ends go to finer levels, then raw",
      from: 10,
      to: 8200,
      maxWidth: 4096,
      parts: [
        { level: null, fromStep: 10, toStep: 63 },
        { level: 6, fromBucket: 1, toBucket: 7 },
        { level: 9, fromBucket: 1, toBucket: 7 },
        { level: 12, fromBucket: 1, toBucket: 1 },
        { level: null, fromStep: 8192, toStep: 8200 },
      ],
    },
  ])("$name", ({ from, to, maxWidth, parts }) => {
    expect(coverRange(from, to, maxWidth)).toEqual(parts);
  });

  it("covers every step of random ranges exactly once, in order", () => {
    let seed = 11;
    const random = (n: number) => (seed = (seed * 48_271) % 2_147_483_647) % n;
    for (let trial = 0; trial < 200; trial++) {
      const from = random(1_000_000);
      const to = from + random(3_000_000);
      const parts = coverRange(from, to, 2 ** random(20));
      let next = from;
      for (const part of parts) {
        const [lo, hi] = part.level === null ? [part.fromStep, part.toStep] : [part.fromBucket * 2 ** part.level, (part.toBucket + 1) * 2 ** part.level - 1];
        expect(lo).toBe(next);
        expect(hi).toBeGreaterThanOrEqual(lo);
        next = hi + 1;
      }
      expect(next).toBe(to + 1);
    }
  });
});
