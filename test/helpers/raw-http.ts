/**
 * HTTP spoken by hand over a socket, for what fetch will not send: malformed requests, and bodies that
 * trickle in, so a test can see whether the server answered before it had read them.
 */
import { connect } from "node:net";

export type RawAnswer = {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Body bytes this client had written when the answer was complete. */
  sent: number;
};

/** Parses one HTTP/1.1 response out of what has arrived, or null while it is incomplete. */
function parse(raw: string): Omit<RawAnswer, "sent"> | null {
  const end = raw.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const [statusLine = "", ...lines] = raw.slice(0, end).split("\r\n");
  const headers = Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
  );
  const length = Number(headers["content-length"] ?? 0);
  const body = raw.slice(end + 4);
  if (Buffer.byteLength(body) < length) return null;
  return { status: Number(statusLine.split(" ")[1]), headers, body: body.slice(0, length) };
}

/** Sends `head` (request line and headers, without the blank line) and the body in pieces. */
export function rawRequest(
  port: number,
  head: string,
  body: { chunks?: number; chunkSize?: number; isChunked?: boolean; pauseMs?: number } = {},
): Promise<RawAnswer> {
  const { chunks = 0, chunkSize = 64 * 1024, isChunked = false, pauseMs = 20 } = body;
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let raw = "";
    let sent = 0;
    let answer: RawAnswer | null = null;
    const finish = () => {
      if (answer) return;
      const parsed = parse(raw);
      if (!parsed) return;
      answer = { ...parsed, sent };
      socket.destroy();
      resolve(answer);
    };
    socket.on("data", (data: Buffer) => {
      raw += data.toString();
      finish();
    });
    socket.on("error", (error) => {
      if (!answer) reject(error);
    });
    socket.on("close", () => {
      if (!answer) reject(new Error(`closed without a complete answer after ${sent} bytes: ${raw.slice(0, 200)}`));
    });
    socket.on("connect", async () => {
      socket.write(`${head}\r\n\r\n`);
      const piece = Buffer.alloc(chunkSize, "a");
      for (let i = 0; i < chunks && !answer && !socket.destroyed; i++) {
        socket.write(
          isChunked ? Buffer.concat([Buffer.from(`${chunkSize.toString(16)}\r\n`), piece, Buffer.from("\r\n")]) : piece,
        );
        sent += chunkSize;
        await new Promise((wait) => setTimeout(wait, pauseMs));
      }
      if (isChunked && !answer && !socket.destroyed) socket.write("0\r\n\r\n");
    });
  });
}
