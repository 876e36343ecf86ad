/** Small helpers shared by the HTTP routes: bounded body reading, discarding what is refused, JSON answers. */
import type { IncomingMessage, ServerResponse } from "node:http";

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the request body is larger than ${limit} bytes`);
  }
}

/**
 * After a refusal, the rest of the body is read and dropped so the client can read the answer (closing
 * with unread data would reset the connection), but at most this much: then the connection is cut.
 */
const DISCARD_LIMIT = 1024 * 1024;

/** The declared Content-Length, or null for a chunked body (Node has already refused a malformed one). */
export const declaredLength = (req: IncomingMessage): number | null =>
  req.headers["content-length"] === undefined ? null : Number(req.headers["content-length"]);

/** Drops the rest of the request body, cutting the connection once more than `limit` bytes come. */
export function discardRest(req: IncomingMessage, limit = DISCARD_LIMIT): void {
  if (req.complete) return;
  let dropped = 0;
  req.removeAllListeners("data");
  // A listener of our own: Node then leaves the body to us instead of reading all of it.
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > limit) req.socket.destroy();
  });
  req.resume();
}

/**
 * Reads the request body and calls `done` once with it, or with BodyTooLarge as soon as more than
 * `limit` bytes come (without buffering them), or with the stream's error. A callback rather than a
 * promise for the token endpoint's hot path; everything else uses readBody.
 */
export function collectBody(
  req: IncomingMessage,
  limit: number,
  done: (error: Error | null, body: Buffer) => void,
): void {
  const empty = Buffer.alloc(0);
  if ((declaredLength(req) ?? 0) > limit) {
    discardRest(req);
    done(new BodyTooLarge(limit), empty);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let isDone = false;
  const finish = (error: Error | null, body: Buffer) => {
    if (isDone) return;
    isDone = true;
    done(error, body);
  };
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) {
      chunks.length = 0;
      discardRest(req);
      finish(new BodyTooLarge(limit), empty);
      return;
    }
    chunks.push(chunk);
  });
  req.on("end", () => finish(null, Buffer.concat(chunks)));
  req.on("error", (error) => finish(error, empty));
}

/** Reads the request body, refusing more than `limit` bytes without buffering them. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    collectBody(req, limit, (error, body) => (error ? reject(error) : resolve(body))),
  );
}

/** What a too-large body is told: RFC 6749's error shape, which every JSON answer here uses. */
export const tooLarge = (limit: number) => ({
  error: "invalid_request",
  error_description: `The request body is too large: send at most ${Math.floor(limit / 1024)} KB.`,
});

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | number> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    "X-Content-Type-Options": "nosniff",
    ...headers,
  });
  res.end(text);
}

/** Answers without reading the body (a refusal from the headers alone), then drops what is still coming. */
export function refuseUnread(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | number> = {},
): void {
  discardRest(req);
  sendJson(res, status, body, headers);
}

/** The media type of a request without its parameters, lower-cased. */
export const mediaType = (req: IncomingMessage): string =>
  (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
