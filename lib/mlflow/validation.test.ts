import { describe, expect, it } from "vitest";
import {
  posixNormpath,
  pyRepr,
  validateBatchLimits,
  validateExperimentName,
  validateMetric,
  validateParam,
  validateParamKeysUnique,
  validateTag,
} from "./validation";

describe("posixNormpath", () => {
  it.each<[string, string]>([
    ["", "."],
    ["a/b", "a/b"],
    ["a//b/./c/", "a/b/c"],
    ["../a", "../a"],
    ["a/../../b", "../b"],
    ["/a/../..", "/"],
    ["//a", "//a"],
    ["///a", "/a"],
    ["./", "."],
  ])("%j → %j", (input, expected) => {
    expect(posixNormpath(input)).toBe(expected);
  });
});

describe("pyRepr", () => {
  it.each<[string, string]>([
    ["lr", "'lr'"],
    ["it's", `"it's"`],
    [`both ' and "`, `'both \\' and "'`],
  ])("%j", (input, expected) => expect(pyRepr(input)).toBe(expected));
});

describe("MLflow validation", () => {
  const metric = { key: "loss", value: 1, timestamp: 0, step: 0 };

  it("accepts what MLflow accepts", () => {
    expect(() => validateMetric({ ...metric, key: "val/loss 2.top-1_é" })).not.toThrow();
    expect(() => validateParam({ key: "lr", value: "x".repeat(6000) })).not.toThrow();
    expect(() => validateTag({ key: "mlflow.runName", value: "x".repeat(8000) })).not.toThrow();
    expect(() => validateBatchLimits({ metrics: 1000, params: 0, tags: 0 })).not.toThrow();
  });

  it.each<[string, () => void, string]>([
    ["bad characters", () => validateMetric({ ...metric, key: "loss!" }), "Invalid metric name: 'loss!'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/)."],
    ["a path that resolves elsewhere", () => validateParam({ key: "a/../b", value: "" }), "Invalid parameter name: 'a/../b'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to 'b'"],
    ["a negative timestamp", () => validateMetric({ ...metric, timestamp: -1 }), "Got invalid timestamp -1 for metric 'loss' (value=1). Timestamp must be a nonnegative long (64-bit integer) "],
    ["a 251-character metric key", () => validateMetric({ ...metric, key: "k".repeat(251) }), `Metric name '${"k".repeat(250)}' had length 251, which exceeded length limit of 250`],
    ["a 6001-character param value", () => validateParam({ key: "p", value: "v".repeat(6001) }), `Param value '${"v".repeat(250)}' had length 6001, which exceeded length limit of 6000`],
    ["an 8001-character tag value", () => validateTag({ key: "t", value: "v".repeat(8001) }), `Tag value '${"v".repeat(250)}' had length 8001, which exceeded length limit of 8000`],
    ["1001 metrics", () => validateBatchLimits({ metrics: 1001, params: 0, tags: 0 }), "A batch logging request can contain at most 1000 metrics. Got 1001 metrics. Please split up metrics across multiple requests and try again."],
    ["101 params", () => validateBatchLimits({ metrics: 0, params: 101, tags: 0 }), "A batch logging request can contain at most 100 params. Got 101 params. Please split up params across multiple requests and try again."],
    ["101 tags", () => validateBatchLimits({ metrics: 0, params: 0, tags: 101 }), "A batch logging request can contain at most 100 tags. Got 101 tags. Please split up tags across multiple requests and try again."],
    ["1001 entities", () => validateBatchLimits({ metrics: 900, params: 100, tags: 1 }), "A batch logging request can contain at most 1000 metrics, params, and tags. Got 1001 metrics, params, and tags. Please split up metrics, params, and tags across multiple requests and try again."],
    ["duplicate param keys", () => validateParamKeysUnique([{ key: "a", value: "1" }, { key: "a", value: "2" }]), "Duplicate parameter keys have been submitted: ['a']. Please ensure the request contains only one param value per param key."],
    ["an empty experiment name", () => validateExperimentName(""), "Invalid experiment name: ''"],
    ["a 501-character experiment name", () => validateExperimentName("e".repeat(501)), "Experiment name exceeds the maximum length of 500 characters"],
  ])("refuses %s with MLflow's message", (_case, run, message) => {
    expect(run).toThrow(message);
  });
});
