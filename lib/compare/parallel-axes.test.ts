import { describe, expect, it } from "vitest";
import { inBrushes, makeAxis, valueAt, viridis, yOf } from "./parallel-axes";

describe("parallel coordinates geometry", () => {
  it("spans numbers with five ticks, and gives a single value room around it", () => {
    const axis = makeAxis("lr", [0.001, 0.01, 0.1], null);
    expect([axis.min, axis.max]).toEqual([0.001, 0.1]);
    expect(axis.ticks.map((t) => t.value)).toHaveLength(5);
    expect(makeAxis("seed", [3, 3], null)).toMatchObject({ min: 2, max: 4 });
  });

  it("puts each category on a tick of its own", () => {
    const axis = makeAxis("optimizer", [0, 1, 1], ["adam", "sgd"]);
    expect(axis.ticks).toEqual([
      { value: 0, text: "adam" },
      { value: 1, text: "sgd" },
    ]);
    expect(makeAxis("one", [0], ["only"])).toMatchObject({ min: 0, max: 1 });
  });

  it.each([
    [0, 100],
    [5, 50],
    [10, 0],
  ])("maps %d to height %d and back", (value, y) => {
    const axis = makeAxis("x", [0, 10], null);
    expect(yOf(axis, value, 100)).toBe(y);
    expect(valueAt(axis, y, 100)).toBe(value);
  });

  it("clamps heights outside the plot to the axis", () => {
    const axis = makeAxis("x", [0, 10], null);
    expect(valueAt(axis, -20, 100)).toBe(10);
    expect(valueAt(axis, 140, 100)).toBe(0);
  });

  it("keeps the lines inside every brush, whichever way it was dragged", () => {
    const axes = [makeAxis("a", [1, 2, 3], null), makeAxis("b", [30, 20, 10], null)];
    expect([0, 1, 2].filter((line) => inBrushes(axes, [], line))).toEqual([0, 1, 2]);
    expect([0, 1, 2].filter((line) => inBrushes(axes, [{ axis: 0, from: 3, to: 1.5 }], line))).toEqual([1, 2]);
    expect([0, 1, 2].filter((line) => inBrushes(axes, [{ axis: 0, from: 1.5, to: 3 }, { axis: 1, from: 15, to: 25 }], line))).toEqual([1]);
  });

  it("colours from dark blue (lowest) to yellow (highest)", () => {
    expect(viridis(0, 0, 1)).toBe("#440154");
    expect(viridis(1, 0, 1)).toBe("#fde725");
    expect(viridis(5, 5, 5)).toBe("#21918c");
  });
});
