import { describe, expect, it } from "vitest";
import { parseOrderBy, parseSearchFilter, type Clause, type OrderBy, type SearchGrammar } from "./search-filter";

const runs: SearchGrammar = {
  entities: ["metric", "parameter", "tag", "attribute", "dataset"],
  attributes: { run_id: "list", run_name: "string", status: "string", user_id: "string", artifact_uri: "string", start_time: "numeric", end_time: "numeric" },
  orderable: ["run_id", "run_name", "status", "user_id", "artifact_uri", "start_time", "end_time", "experiment_id"],
  aliases: { created: "start_time", Created: "start_time", "run name": "run_name" },
};

describe("parseSearchFilter", () => {
  it.each<[string, Clause[]]>([
    ["", []],
    ["metrics.rmse < 1", [{ type: "metric", key: "rmse", comparator: "<", value: 1 }]],
    [
      "metrics.rmse < 1 and params.model = 'lr'",
      [
        { type: "metric", key: "rmse", comparator: "<", value: 1 },
        { type: "parameter", key: "model", comparator: "=", value: "lr" },
      ],
    ],
    ["params.lr = '0.01'", [{ type: "parameter", key: "lr", comparator: "=", value: "0.01" }]],
    ['param.lr != "0.1"', [{ type: "parameter", key: "lr", comparator: "!=", value: "0.1" }]],
    ["tags.x = 'y'", [{ type: "tag", key: "x", comparator: "=", value: "y" }]],
    ["tags.mlflow.runName LIKE 'brave%'", [{ type: "tag", key: "mlflow.runName", comparator: "LIKE", value: "brave%" }]],
    ["tags.`team name` ilike '%vision%'", [{ type: "tag", key: "team name", comparator: "ILIKE", value: "%vision%" }]],
    ['metrics."val loss" >= -0.5', [{ type: "metric", key: "val loss", comparator: ">=", value: -0.5 }]],
    ["metrics.val/loss<=1e-3", [{ type: "metric", key: "val/loss", comparator: "<=", value: 0.001 }]],
    ["attributes.status = 'FINISHED'", [{ type: "attribute", key: "status", comparator: "=", value: "FINISHED" }]],
    ["status = 'FAILED'", [{ type: "attribute", key: "status", comparator: "=", value: "FAILED" }]],
    ["attr.start_time > 1700000000000", [{ type: "attribute", key: "start_time", comparator: ">", value: 1700000000000 }]],
    ["created > 5", [{ type: "attribute", key: "start_time", comparator: ">", value: 5 }]],
    ["`run name` = 'a'", [{ type: "attribute", key: "run_name", comparator: "=", value: "a" }]],
    ["run.run_id IN ('a1', 'b2')", [{ type: "attribute", key: "run_id", comparator: "IN", value: ["a1", "b2"] }]],
    ["run_id NOT IN ('a1')", [{ type: "attribute", key: "run_id", comparator: "NOT IN", value: ["a1"] }]],
    ["params.note = 'it''s'", [{ type: "parameter", key: "note", comparator: "=", value: "it's" }]],
  ])("%j", (filter, expected) => {
    expect(parseSearchFilter(filter, runs)).toEqual(expected);
  });

  it.each<[string, RegExp]>([
    ["metrics.a < 1 or metrics.b < 1", /Unsupported filter syntax: OR/],
    ["(metrics.a < 1)", /Unsupported filter syntax: parentheses/],
    ["tags.x IS NULL", /Unsupported filter syntax: IS NULL/],
    ["datasets.name = 'x'", /dataset filters/],
    ["foo.bar = 'x'", /Invalid entity type 'foo'/],
    ["colour = 'red'", /Invalid attribute key 'colour' specified/],
    ["metrics.rmse < 'low'", /Expected numeric value type for metric/],
    ["params.lr = 0.01", /Expected a quoted string value for parameter/],
    ["metrics.rmse LIKE 1", /Invalid comparator 'LIKE'/],
    ["params.lr > '1'", /Invalid comparator '>'/],
    ["status IN ('A')", /Only the 'run_id' attribute supports comparison with a list/],
    ["start_time > 'yesterday'", /Expected numeric value type for numeric attribute: start_time/],
    ["metrics.rmse <", /Expected value token found 'end of filter'/],
    ["metrics.rmse < 1 and", /expected a condition after AND/],
    ["metrics.rmse < 1 metrics.x < 2", /Invalid clause\(s\) in filter string: 'metrics.x'/],
    ["params.x = 'open", /unterminated quote/],
    ["metrics.a ~ 1", /unexpected character '~'/],
  ])("refuses %j naming the problem", (filter, message) => {
    expect(() => parseSearchFilter(filter, runs)).toThrow(message);
  });
});

describe("parseOrderBy", () => {
  it.each<[string, OrderBy]>([
    ["metrics.rmse ASC", { type: "metric", key: "rmse", ascending: true }],
    ["metrics.`val/loss` desc", { type: "metric", key: "val/loss", ascending: false }],
    ["params.lr", { type: "parameter", key: "lr", ascending: true }],
    ["start_time DESC", { type: "attribute", key: "start_time", ascending: false }],
    ["attributes.run_name", { type: "attribute", key: "run_name", ascending: true }],
    ["created", { type: "attribute", key: "start_time", ascending: true }],
  ])("%j", (clause, expected) => {
    expect(parseOrderBy(clause, runs)).toEqual(expected);
  });

  it.each<[string, RegExp]>([
    ["metrics.rmse sideways", /Invalid ordering key in order_by clause/],
    ["metrics.rmse ASC extra", /Could not be parsed/],
    ["colour", /Invalid attribute key 'colour'/],
    ["", /Could not be parsed/],
  ])("refuses %j", (clause, message) => {
    expect(() => parseOrderBy(clause, runs)).toThrow(message);
  });
});
