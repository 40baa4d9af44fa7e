import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { backoffDelay } from "@/clients/node/src/backoff";
import { exitStatus } from "@/clients/node/src/exit-hooks";
import { actionForStatus, parseRetryAfter } from "@/clients/node/src/http";
import type { Logger } from "@/clients/node/src/logger";
import { asSpoolRecord } from "@/clients/node/src/records";
import { gitState, stripCredentials } from "@/clients/node/src/repro";
import { acquireLock, headerRecord, readLines, releaseLock, Spool, SpoolBusy, SpoolFile } from "@/clients/node/src/spool";
import {
  BATCH_MAX_POINTS,
  capParam,
  checkStep,
  checkTags,
  chunkParams,
  configToParams,
  encodeValue,
  flatten,
  keyProblem,
  MAX_PARAM_CHARS,
  metricsRecord,
  pointCount,
  splitBatches,
  StepCounter,
  type Point,
} from "@/clients/node/src/values";

const quiet: Logger & { lines: string[] } = { lines: [], warn: (m) => quiet.lines.push(m) };
afterEach(() => void (quiet.lines.length = 0));

describe("backoff", () => {
  it.each([
    [0, 500],
    [1, 1_000],
    [2, 2_000],
    [5, 16_000],
    [6, 30_000],
    [1_000, 30_000],
  ])("attempt %i waits within the upper half of %i ms", (attempt, ceiling) => {
    expect(backoffDelay(attempt, { random: () => 0 })).toBe(ceiling / 2);
    expect(backoffDelay(attempt, { random: () => 1 })).toBe(ceiling);
  });

  it("spreads retries with jitter", () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(3)));
    expect(delays.size).toBeGreaterThan(10);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(2_000);
      expect(d).toBeLessThanOrEqual(4_000);
    }
  });

  it.each([
    { attempt: 0, random: 0, retryAfterMs: 5_000, capMs: undefined, expected: 5_000 },
    { attempt: 0, random: 0, retryAfterMs: 500_000, capMs: 10_000, expected: 20_000 },
    { attempt: 4, random: 1, retryAfterMs: 1_000, capMs: undefined, expected: 8_000 },
  ])("honours Retry-After $retryAfterMs ms as a floor within twice the cap", ({ attempt, random, retryAfterMs, capMs, expected }) => {
    expect(backoffDelay(attempt, { random: () => random, retryAfterMs, ...(capMs !== undefined && { capMs }) })).toBe(expected);
  });

  it.each([
    ["1", 1_000],
    ["0", 0],
    [" 2.5 ", 2_500],
    ["Wed, 21 Oct 2015 07:28:10 GMT", 10_000],
    ["Wed, 21 Oct 2015 07:27:00 GMT", 0],
    ["soon", undefined],
    [null, undefined],
  ])("reads Retry-After %j as %j ms", (header, ms) => {
    expect(parseRetryAfter(header, Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(ms);
  });

  it.each([
    [429, "retry"],
    [500, "retry"],
    [502, "retry"],
    [503, "retry"],
    [408, "retry"],
    [400, "drop"],
    [409, "drop"],
    [413, "drop"],
    [401, "halt"],
    [403, "halt"],
    [404, "halt"],
  ])("status %i calls for %s", (status, action) => {
    expect(actionForStatus(status)).toBe(action);
  });
});

describe("values", () => {
  it.each([
    [0.25, 0.25],
    [3, 3],
    [-0, -0],
    [NaN, "NaN"],
    [Infinity, "Infinity"],
    [-Infinity, "-Infinity"],
    [true, 1],
    [false, 0],
    [7n, 7],
    [2n ** 60n, 2 ** 60],
    [10n ** 400n, "Infinity"],
  ])("encodes %s as %j", (value, encoded) => {
    expect(encodeValue(value)).toBe(encoded);
  });

  it.each([["0.3"], [null], [undefined], [[1]], [{}], [new Date(0)]])("refuses %j", (value) => {
    expect(() => encodeValue(value)).toThrow(TypeError);
  });

  it.each([
    ["train/loss", undefined],
    ["", "keys must not be empty"],
    ["x".repeat(250), undefined],
    ["x".repeat(251), "keys must be at most 250 characters"],
    ["a\nb", "keys must not contain control characters"],
    ["a\u007fb", "keys must not contain control characters"],
  ])("key %j: %s", (key, problem) => {
    expect(keyProblem(key)).toBe(problem);
  });

  it("flattens nested objects and Maps into outer/inner keys", () => {
    const data = { loss: 1, val: { loss: 2, acc: { top1: 3 } }, m: new Map<string, unknown>([["a", 4]]), arr: [5] };
    expect([...flatten(data)]).toEqual([
      ["loss", 1],
      ["val/loss", 2],
      ["val/acc/top1", 3],
      ["m/a", 4],
      ["arr", [5]],
    ]);
  });

  it.each([
    [0, 0],
    [7, 7],
    [3n, 3],
    [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  ])("step %s is %i", (step, expected) => {
    expect(checkStep(step)).toBe(expected);
  });

  it.each([[-1], [1.5], ["3"], [NaN], [2 ** 53], [null]])("step %j is refused", (step) => {
    expect(() => checkStep(step)).toThrow();
  });

  it("assigns missing steps as the server would: one past the key's highest", () => {
    const steps = new StepCounter();
    expect([steps.assign("a", undefined), steps.assign("a", undefined), steps.assign("b", undefined)]).toEqual([0, 1, 0]);
    expect(steps.assign("a", 10)).toBe(10);
    expect(steps.assign("a", 3)).toBe(3);
    expect(steps.assign("a", undefined)).toBe(11);
  });

  it("batches points as columns per key, at most 10,000 per batch, each with its own id", () => {
    const points: Point[] = Array.from({ length: 25_001 }, (_, i) => ({ key: i % 2 ? "odd" : "even", step: i, value: i, ts: 1_700_000_000_000 + i }));
    const batches = splitBatches(points);
    expect(batches.map(pointCount)).toEqual([BATCH_MAX_POINTS, BATCH_MAX_POINTS, 5_001]);
    expect(new Set(batches.map((b) => b.batchId)).size).toBe(3);
    expect(batches[0]?.batchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(metricsRecord(points.slice(0, 3), "b1")).toEqual({
      type: "metrics",
      batchId: "b1",
      series: [
        { key: "even", steps: [0, 2], values: [0, 2], timestamps: [1_700_000_000_000, 1_700_000_000_002] },
        { key: "odd", steps: [1], values: [1], timestamps: [1_700_000_000_001] },
      ],
    });
  });

  it("turns a config into JSON params", () => {
    class Config {
      lr = 3e-4;
      layers = [64, 64];
      describe() {
        return "a method";
      }
    }
    const cyclic: Record<string, unknown> = { name: "c" };
    cyclic.self = cyclic;
    expect(
      configToParams({
        model: new Config(),
        nan: NaN,
        inf: -Infinity,
        big: 2n ** 70n,
        small: 5n,
        when: new Date("2024-01-02T03:04:05Z"),
        tags: new Set(["a", "b"]),
        map: new Map([["k", 1]]),
        fn: () => 1,
        missing: undefined,
        nothing: null,
        cyclic,
        typed: new Float32Array([0.5, 1.5]),
      }),
    ).toEqual({
      model: { lr: 3e-4, layers: [64, 64] },
      nan: "NaN",
      inf: "-Infinity",
      big: "1180591620717411303424",
      small: 5,
      when: "2024-01-02T03:04:05.000Z",
      tags: ["a", "b"],
      map: { k: 1 },
      nothing: null,
      cyclic: { name: "c", self: "[Circular]" },
      typed: [0.5, 1.5],
    });
    expect(configToParams(undefined)).toEqual({});
    expect(() => configToParams("lr=1")).toThrow(TypeError);
    expect(() => configToParams([1])).toThrow(TypeError);
  });

  it("caps a param the server would refuse, counting JSON like the server", () => {
    expect(capParam("x".repeat(100))).toEqual({ value: "x".repeat(100), truncated: false });
    for (const big of ["x".repeat(10_000), "\n".repeat(10_000), { list: Array.from({ length: 3_000 }, (_, i) => i) }]) {
      const { value, truncated } = capParam(big);
      expect(truncated).toBe(true);
      expect(JSON.stringify(value).length).toBeLessThanOrEqual(MAX_PARAM_CHARS);
      expect(value).toMatch(/… \(truncated\)$/);
    }
  });

  it("splits params into requests of at most 1,000", () => {
    const params = Object.fromEntries(Array.from({ length: 2_500 }, (_, i) => [`p${i}`, i]));
    expect(chunkParams(params).map((c) => Object.keys(c).length)).toEqual([1_000, 1_000, 500]);
  });

  it("checks tags", () => {
    expect(checkTags(["a", "b"])).toEqual(["a", "b"]);
    expect(() => checkTags("a")).toThrow(TypeError);
    expect(() => checkTags([""])).toThrow(TypeError);
    expect(() => checkTags([1])).toThrow(TypeError);
    expect(() => checkTags(Array.from({ length: 101 }, (_, i) => `t${i}`))).toThrow(TypeError);
  });

  it.each([
    [0, "finished"],
    [undefined, "finished"],
    [1, "failed"],
    ["3", "failed"],
  ])("a process ending with code %j ends its run %s", (code, status) => {
    expect(exitStatus(code)).toBe(status);
  });
});

describe("spool", () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "labbook-node-unit-"));
  const header = headerRecord("http://x", { project: "a/b", params: {}, tags: [], repro: {} }, undefined, undefined);

  it("writes the header first, then records in order, privately; deletes the file once delivered", () => {
    const file = path.join(tmp(), "sub", "run.jsonl");
    const spool = new Spool(file, () => header, quiet);
    spool.append([]);
    spool.append([
      { type: "params", params: { lr: 1 } },
      { type: "status", status: "finished" },
    ]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const lines = spool.readUnsent();
    expect(lines.map((l) => l.record?.type)).toEqual(["run", "params", "status"]);
    expect(JSON.parse(fs.readFileSync(file, "utf8").split("\n")[0] ?? "")).toEqual({ type: "run", version: 1, url: "http://x", runId: null, runUrl: null, create: header.create });
    spool.markSent(lines[1]?.end ?? 0);
    expect(spool.hasBacklog()).toBe(true);
    expect(spool.discardIfDelivered()).toBe(false);
    expect(spool.readUnsent().map((l) => l.record?.type)).toEqual(["status"]);
    spool.markSent(lines[2]?.end ?? 0);
    expect(spool.discardIfDelivered()).toBe(true);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
    // A later append starts a new file with a fresh header.
    spool.append([{ type: "tags", tags: ["b"] }]);
    expect(spool.readUnsent().map((l) => l.record?.type)).toEqual(["run", "tags"]);
    spool.close();
  });

  it("skips damaged lines and unknown records, and ignores a last line cut off by a crash", () => {
    const file = path.join(tmp(), "run.jsonl");
    const spool = new Spool(file, () => header, quiet);
    spool.append([{ type: "tags", tags: ["a"] }]);
    spool.close();
    fs.appendFileSync(file, '{not json\n{"type":"future","x":1}\n{"type":"tags","tags":["b"]}\n{"type":"sta');
    const records = [...new SpoolFile(file, quiet).records()].map((l) => l.record);
    expect(records.map((r) => (r?.type === "tags" ? r.tags : r?.type))).toEqual(["run", ["a"], undefined, undefined, ["b"]]);
    expect(quiet.lines).toEqual([expect.stringMatching(/skipping a damaged line at byte \d+ of /), expect.stringMatching(/skipping an unknown record type "future"/)]);
  });

  it("reads lines longer than its read size and stops at a byte budget", () => {
    const file = path.join(tmp(), "run.jsonl");
    const spool = new Spool(file, () => header, quiet);
    const big = { type: "params" as const, params: { blob: "y".repeat(3 * 1024 * 1024) } };
    spool.append([big, { type: "tags", tags: ["t"] }, big]);
    expect([...readLines(file, quiet)].map((l) => l.record?.type)).toEqual(["run", "params", "tags", "params"]);
    // Whole lines, each starting within the budget: always at least one.
    expect(spool.readUnsent(10).map((l) => l.record?.type)).toEqual(["run"]);
    expect(spool.readUnsent(3 * 1024 * 1024).map((l) => l.record?.type)).toEqual(["run", "params"]);
    spool.close();
  });

  it("keeps sync away from a live process's file and takes over a dead one's", async () => {
    const file = path.join(tmp(), "run.jsonl");
    const spool = new Spool(file, () => header, quiet);
    spool.append([]);
    // This process holds it: its own sync may take it over (one process, one owner)...
    expect(JSON.parse(fs.readFileSync(`${file}.lock`, "utf8"))).toEqual({ pid: process.pid, host: os.hostname() });
    spool.close();
    expect(fs.existsSync(`${file}.lock`)).toBe(false);

    // ...but a live process elsewhere keeps it.
    const sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    fs.writeFileSync(`${file}.lock`, JSON.stringify({ pid: sleeper.pid, host: os.hostname() }));
    expect(() => new SpoolFile(file, quiet)).toThrow(SpoolBusy);
    fs.writeFileSync(`${file}.lock`, JSON.stringify({ pid: 1, host: "another-host" }));
    expect(() => acquireLock(file)).toThrow(/in use by process 1 on another-host/);

    // A killed process's lock is stale.
    const exited = new Promise((r) => sleeper.on("exit", r));
    sleeper.kill("SIGKILL");
    await exited;
    fs.writeFileSync(`${file}.lock`, JSON.stringify({ pid: sleeper.pid, host: os.hostname() }));
    const left = new SpoolFile(file, quiet);
    left.append([{ type: "created", runId: "r1", runUrl: null, name: null }]);
    expect([...left.records()].map((l) => l.record?.type)).toEqual(["run", "created"]);
    left.delete();
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
    releaseLock(file);
  });

  it("recognises records by their fields", () => {
    expect(asSpoolRecord({ type: "metrics", batchId: "b", series: [{ key: "x", values: [1] }] })).toMatchObject({ type: "metrics" });
    expect(asSpoolRecord({ type: "metrics", series: [] })).toBe("a damaged metrics record");
    expect(asSpoolRecord({ type: "run", version: 1, url: "u", create: {} })).toMatchObject({ runId: null, runUrl: null });
    expect(asSpoolRecord([1])).toBe("not a record");
  });
});

describe("repro", () => {
  it.each([
    ["https://user:token@github.com/org/repo.git", "https://github.com/org/repo.git"],
    ["https://github.com/org/repo.git", "https://github.com/org/repo.git"],
    ["git@github.com:org/repo.git", "git@github.com:org/repo.git"],
    ["ssh://git@host:22/org/repo", "ssh://host:22/org/repo"],
  ])("records remote %s as %s", (remote, recorded) => {
    expect(stripCredentials(remote)).toBe(recorded);
  });

  it("has no git state outside a repository", () => {
    expect(gitState(fs.mkdtempSync(path.join(os.tmpdir(), "labbook-no-git-")))).toBeUndefined();
  });
});
