import http from "node:http";
import type { Duplex } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { binaryFrame } from "./frame";

// The frames are read by ws's own parser on a real socket: what it receives is what was framed.
describe("binaryFrame", () => {
  let server: http.Server;
  let client: WebSocket;
  let socket: Duplex;
  const received: Buffer[] = [];

  beforeAll(async () => {
    const wss = new WebSocketServer({ noServer: true });
    server = http.createServer();
    const upgraded = new Promise<void>((resolve) => {
      server.on("upgrade", (req, raw: Duplex, head) => wss.handleUpgrade(req, raw, head, () => ((socket = raw), resolve())));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    client = new WebSocket(`ws://127.0.0.1:${port}`);
    client.on("message", (data: Buffer, isBinary: boolean) => isBinary && received.push(data));
    await upgraded;
  });

  afterAll(async () => {
    client.terminate();
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([0, 1, 125, 126, 127, 65_535, 65_536, 200_000])("frames a payload of %i bytes (each length encoding)", async (length) => {
    const payload = Uint8Array.from({ length }, (_, i) => (i * 31 + length) % 256);
    received.length = 0;
    socket.write(binaryFrame(payload));
    await expect.poll(() => received.length).toBe(1);
    expect(Buffer.compare(received[0]!, Buffer.from(payload))).toBe(0);
  });

  it("frames written back to back arrive as separate messages, in order", async () => {
    received.length = 0;
    for (const n of [3, 300, 3]) socket.write(binaryFrame(new Uint8Array(n).fill(n % 256)));
    await expect.poll(() => received.length).toBe(3);
    expect(received.map((m) => m.length)).toEqual([3, 300, 3]);
  });
});
