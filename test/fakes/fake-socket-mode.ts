/**
 * Slack's Socket Mode end, enough of it for the real SocketModeClient: a WebSocket server (RFC 6455,
 * written out here: upgrade, unmasking, ping/pong, close) that says `hello` on connect, sends envelopes
 * and records the acknowledgements the client sends back.
 */
import { createHash, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const head = length < 126 ? Buffer.from([0x80 | opcode, length]) : Buffer.alloc(4);
  if (length >= 126) {
    if (length > 0xffff) throw new Error("frames over 64 KiB are not needed here");
    head.writeUInt8(0x80 | opcode, 0);
    head.writeUInt8(126, 1);
    head.writeUInt16BE(length, 2);
  }
  return Buffer.concat([head, payload]);
}

/** Reads whole client frames (always masked) from `buffer`; returns them and what is left over. */
function readFrames(buffer: Buffer): { frames: { opcode: number; payload: Buffer }[]; rest: Buffer } {
  const frames: { opcode: number; payload: Buffer }[] = [];
  let offset = 0;
  while (buffer.length - offset >= 6) {
    const opcode = buffer[offset]! & 0x0f;
    let length = buffer[offset + 1]! & 0x7f;
    let at = offset + 2;
    if (length === 126) {
      length = buffer.readUInt16BE(at);
      at += 2;
    } else if (length === 127) {
      length = Number(buffer.readBigUInt64BE(at));
      at += 8;
    }
    if (buffer.length < at + 4 + length) break;
    const mask = buffer.subarray(at, at + 4);
    const payload = Buffer.from(buffer.subarray(at + 4, at + 4 + length).map((b, i) => b ^ mask[i % 4]!));
    frames.push({ opcode, payload });
    offset = at + 4 + length;
  }
  return { frames, rest: buffer.subarray(offset) };
}

export class FakeSocketMode {
  readonly received: Record<string, unknown>[] = [];
  private server: Server | undefined;
  private socket: Duplex | undefined;
  url = "";

  async start(): Promise<void> {
    this.server = createServer((_req, res) => res.writeHead(426).end());
    this.server.on("upgrade", (req, socket: Duplex) => {
      const accept = createHash("sha1").update(`${req.headers["sec-websocket-key"]}${GUID}`).digest("base64");
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
      this.socket = socket;
      let pending: Buffer = Buffer.alloc(0);
      socket.on("data", (chunk: Buffer) => {
        const { frames, rest } = readFrames(Buffer.concat([pending, chunk]));
        pending = rest;
        for (const { opcode, payload } of frames) {
          if (opcode === 0x1) this.received.push(JSON.parse(payload.toString("utf8")));
          if (opcode === 0x9) socket.write(frame(0xa, payload));
          if (opcode === 0x8) socket.end(frame(0x8, payload));
        }
      });
      socket.on("error", () => {});
      this.sendJson({
        type: "hello",
        num_connections: 1,
        debug_info: { host: "applink-fake", build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: "A0STEWARD" },
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", () => resolve()));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link/?ticket=${randomUUID()}`;
  }

  sendJson(message: unknown): void {
    this.socket?.write(frame(0x1, Buffer.from(JSON.stringify(message), "utf8")));
  }

  /** Sends an envelope as Slack does and returns its id. */
  sendEnvelope(type: string, payload: unknown): string {
    const envelopeId = randomUUID();
    this.sendJson({ envelope_id: envelopeId, payload, type, accepts_response_payload: type !== "events_api" });
    return envelopeId;
  }

  stop(): Promise<void> {
    this.socket?.destroy();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
