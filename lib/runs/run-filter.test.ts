import { describe, expect, it } from "vitest";
import { parseRunFilter, type Field, type FilterNode } from "./run-filter";

const lr: Field = { scope: "params", path: ["lr"] };

describe("parseRunFilter", () => {
  it.each<[string, FilterNode | null]>([
    ["", null],
    ["   ", null],
    ["params.lr < 0.01", { kind: "compare", field: lr, op: "<", value: 0.01 }],
    [
      "params.lr < 0.01 and tags.baseline",
      { kind: "and", left: { kind: "compare", field: lr, op: "<", value: 0.01 }, right: { kind: "has", field: { scope: "tags", tag: "baseline" } } },
    ],
    ["params.optimizer.name = adam", { kind: "compare", field: { scope: "params", path: ["optimizer", "name"] }, op: "=", value: "adam" }],
    ['params.model == "res net"', { kind: "compare", field: { scope: "params", path: ["model"] }, op: "=", value: "res net" }],
    ["params.use_amp = true", { kind: "compare", field: { scope: "params", path: ["use_amp"] }, op: "=", value: true }],
    ["metrics.val/loss <= 0.3", { kind: "compare", field: { scope: "metrics", key: "val/loss", agg: "last" }, op: "<=", value: 0.3 }],
    ["metrics.train.acc.max>=0.9", { kind: "compare", field: { scope: "metrics", key: "train.acc", agg: "max" }, op: ">=", value: 0.9 }],
    ["metrics.loss < -1e-3", { kind: "compare", field: { scope: "metrics", key: "loss", agg: "last" }, op: "<", value: -0.001 }],
    ["status != crashed", { kind: "compare", field: { scope: "run", name: "status" }, op: "!=", value: "crashed" }],
    ["name ~ resnet", { kind: "compare", field: { scope: "run", name: "name" }, op: "~", value: "resnet" }],
    ["params.seed", { kind: "has", field: { scope: "params", path: ["seed"] } }],
    ["resnet", { kind: "text", text: "resnet" }],
    ['"data aug" 42', { kind: "and", left: { kind: "text", text: "data aug" }, right: { kind: "text", text: "42" } }],
    [
      "a or b and c",
      { kind: "or", left: { kind: "text", text: "a" }, right: { kind: "and", left: { kind: "text", text: "b" }, right: { kind: "text", text: "c" } } },
    ],
    [
      "(a or b) and not tags.x",
      {
        kind: "and",
        left: { kind: "or", left: { kind: "text", text: "a" }, right: { kind: "text", text: "b" } },
        right: { kind: "not", expr: { kind: "has", field: { scope: "tags", tag: "x" } } },
      },
    ],
    ["NOT Tags.Baseline", { kind: "not", expr: { kind: "has", field: { scope: "tags", tag: "Baseline" } } }],
  ])("%j", (input, expected) => {
    expect(parseRunFilter(input)).toEqual(expected);
  });

  it.each<[string, RegExp]>([
    ["params.lr <", /character 12: expected a value after "<"/],
    ["(a or b", /expected "\)"/],
    ["a)", /character 2: unexpected "\)"/],
    ['name = "open', /unterminated string/],
    ["< 3", /character 1: unexpected "<"/],
    ["tags.x = 1", /takes no operator/],
    ["metrics.loss < low", /metrics compare with numbers/],
    ["params. = 1", /needs a name after the dot/],
    ["a ! b", /"!" must be followed by "="/],
    ["x".repeat(2001), /at most 2000 characters/],
  ])("refuses %j with a message naming the place", (input, message) => {
    expect(() => parseRunFilter(input)).toThrow(message);
  });
});
