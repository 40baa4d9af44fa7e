import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const bin = path.resolve(import.meta.dirname, "../../bin/labbook.mjs");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `labbook <args>` in a child process with the given environment. */
export function runCli(args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, LOG_LEVEL: "warn", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Resolves with the exit code and how long the process took to exit after `signal`. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

/** Starts `labbook serve --no-ui --port 0` and waits until it prints its URL. */
export function startServeProcess(env: Record<string, string | undefined>): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "serve", "--no-ui", "--port", "0", "--host", "127.0.0.1"], {
      env: { ...process.env, LOG_LEVEL: "warn", ...env },
    });
    let output = "";
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    const onData = (d: Buffer) => {
      output += d.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        resolve({
          child,
          url: match[1],
          output: () => output,
          async stop(signal = "SIGTERM") {
            const started = Date.now();
            child.kill(signal);
            const code = await exited;
            return { code, ms: Date.now() - started };
          },
        });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    void exited.then((code) => reject(new Error(`serve exited early (${code}): ${output}`)));
  });
}
