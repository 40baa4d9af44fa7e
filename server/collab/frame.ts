/**
 * A server-to-client WebSocket binary frame around `payload` (RFC 6455 §5.2: FIN set, opcode 2,
 * unmasked). A document update is framed once and the same buffer is written to every peer's
 * socket: one buffer and one write per peer, where `ws.send` would frame (and allocate) the
 * same bytes again for each connection.
 */
export function binaryFrame(payload: Uint8Array): Buffer {
  const length = payload.byteLength;
  const headerBytes = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerBytes + length);
  frame[0] = 0x82;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.set(payload, headerBytes);
  return frame;
}
