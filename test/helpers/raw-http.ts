/**
 * HTTP spoken by hand over a socket, for what fetch will not send: malformed requests, and bodies that
 * trickle in, so a test can see whether the server answered before it had read them.
 */
import { type AddressInfo, connect, type Server, type Socket } from "node:net";

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

/**
 * Sends `head` (request line and headers, without the blank line) to `server`, a listener in this
 * process, then the body in pieces: each piece goes out once the server has read every byte before it,
 * or has answered. So `sent` says how much the server had been given to read when it answered, however
 * fast or loaded the machine is.
 */
export function rawRequest(
  server: Server,
  head: string,
  body: { chunks?: number; chunkSize?: number; isChunked?: boolean } = {},
): Promise<RawAnswer> {
  const { chunks = 0, chunkSize = 64 * 1024, isChunked = false } = body;
  const ends: Socket[] = [];
  const onConnection = (end: Socket) => ends.push(end);
  server.on("connection", onConnection);
  return new Promise<RawAnswer>((resolve, reject) => {
    const socket = connect((server.address() as AddressInfo).port, "127.0.0.1");
    let raw = "";
    let sent = 0;
    let written = 0;
    let answer: RawAnswer | null = null;
    const finish = () => {
      if (answer) return;
      const parsed = parse(raw);
      if (!parsed) return;
      answer = { ...parsed, sent };
      socket.destroy();
      resolve(answer);
    };
    const write = (data: string | Buffer) => {
      written += Buffer.byteLength(data);
      socket.write(data);
    };
    const isOver = () => answer !== null || socket.destroyed;
    /** The server's turn: until it has read all that was written (its end of this connection says so) or answered. */
    const serverHasRead = async () => {
      const deadline = performance.now() + 5_000;
      while (!isOver() && (ends.find((end) => end.remotePort === socket.localPort)?.bytesRead ?? 0) < written) {
        if (performance.now() > deadline) throw new Error(`the server neither read nor answered after ${sent} bytes`);
        await new Promise((turn) => setImmediate(turn));
      }
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
      write(`${head}\r\n\r\n`);
      const piece = Buffer.alloc(chunkSize, "a");
      try {
        for (let i = 0; i < chunks && !isOver(); i++) {
          write(
            isChunked
              ? Buffer.concat([Buffer.from(`${chunkSize.toString(16)}\r\n`), piece, Buffer.from("\r\n")])
              : piece,
          );
          sent += chunkSize;
          await serverHasRead();
        }
      } catch (error) {
        socket.destroy();
        reject(error);
        return;
      }
      if (isChunked && !isOver()) write("0\r\n\r\n");
    });
  }).finally(() => server.off("connection", onConnection));
}
