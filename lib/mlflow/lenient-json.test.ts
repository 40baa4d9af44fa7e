import { describe, expect, it } from "vitest";
import { parseLenientJson, quoteNonFiniteTokens } from "./lenient-json";

describe("quoteNonFiniteTokens", () => {
  it.each<[string, string]>([
    ['{"value": NaN}', '{"value": "NaN"}'],
    ['{"value":Infinity,"step":1}', '{"value":"Infinity","step":1}'],
    ['{"value": -Infinity}', '{"value": "-Infinity"}'],
    ['[NaN, Infinity, -Infinity, 1.5]', '["NaN", "Infinity", "-Infinity", 1.5]'],
    ['{"key": "NaN", "value": NaN}', '{"key": "NaN", "value": "NaN"}'],
    ['{"key": "say \\"NaN\\" -Infinity", "v": 1}', '{"key": "say \\"NaN\\" -Infinity", "v": 1}'],
    ['{"key": "back\\\\", "value": NaN}', '{"key": "back\\\\", "value": "NaN"}'],
    ['{"a": 1, "b": -2}', '{"a": 1, "b": -2}'],
    ["", ""],
  ])("%s", (input, expected) => {
    expect(quoteNonFiniteTokens(input)).toBe(expected);
  });
});

describe("parseLenientJson", () => {
  it("parses bodies the Python client sends for non-finite metrics", () => {
    expect(parseLenientJson('{"run_id": "r", "key": "loss", "value": NaN, "timestamp": 1, "step": 0}')).toEqual({
      run_id: "r",
      key: "loss",
      value: "NaN",
      timestamp: 1,
      step: 0,
    });
  });

  it.each(["{", '{"value": NaNa}', '{"value": xNaN}', "NaN NaN"])("still refuses malformed JSON: %s", (input) => {
    expect(() => parseLenientJson(input)).toThrow(SyntaxError);
  });
});
