import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "@/tests/support/server";

/** Sends a raw WebSocket upgrade request and returns the status line of the answer. */
function upgrade(url: string, path: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
      );
    });
    let data = "";
    socket.on("data", (d: Buffer) => (data += d.toString()));
    socket.on("close", () => resolve(data.split("\r\n")[0] ?? ""));
    socket.on("error", reject);
  });
}

describe("upgrade router", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t?.close());

  it.each([
    // The collaboration endpoint accepts, then closes with a code (4401 here) the client will not retry.
    ["/ws/yjs/some-notebook", "HTTP/1.1 101 Switching Protocols"],
    // Engine.IO answers its own path: an unknown transport is refused by it, not by the router.
    ["/ws/socket.io/?EIO=4&transport=carrier-pigeon", "HTTP/1.1 400 Bad Request"],
    ["/anything-else", "HTTP/1.1 404 Not Found"],
    ["/_next/hmr", "HTTP/1.1 404 Not Found"],
  ])("answers an upgrade of %s with %s and closes the socket", async (path, status) => {
    expect(await upgrade(t.url, path)).toBe(status);
  });

  it("keeps serving HTTP afterwards", async () => {
    expect((await t.request("/api/v1/health")).status).toBe(200);
  });
});
