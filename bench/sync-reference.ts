// The peer baseline of bench:sync: the y-websocket reference server (@y/websocket-server
// 0.1.1, `setupWSConnection`) on a bare node:http server, no auth, no persistence.
// Sends {port} to its parent over IPC once listening.
import http from "node:http";
import { setupWSConnection } from "@y/websocket-server/utils";
import { WebSocketServer } from "ws";

const wss = new WebSocketServer({ noServer: true });
const server = http.createServer((_req, res) => res.writeHead(404).end());
server.on("upgrade", (req, socket, head) => {
  const docName = (req.url ?? "/").slice(1).split("?")[0] ?? "";
  wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req, { docName }));
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
});
process.on("disconnect", () => process.exit(0));
