/**
 * Requests Node's HTTP parser refuses before there is a request to route — a malformed Content-Length,
 * both Content-Length and Transfer-Encoding, an unknown method, headers over the limit, a request too
 * slow to arrive. They are answered in the RFC 6749 error shape every JSON answer here uses (so a
 * token endpoint client can read why), and the connection is closed: the parser cannot go on after one.
 */
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";

type ParserError = Error & { code?: string; reason?: string };

const answers: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, "The request headers are too large: send at most 16 KB of headers."],
  ERR_HTTP_REQUEST_TIMEOUT: [408, "The request took too long to arrive; send it again."],
  ERR_HTTP_REQUEST_HEADERS_TIMEOUT: [408, "The request headers took too long to arrive; send it again."],
  HPE_INVALID_METHOD: [501, "Unknown HTTP method: the token endpoint takes POST, the discovery documents GET."],
  HPE_INVALID_CONTENT_LENGTH: [400, "The Content-Length header must be one whole number of bytes."],
  HPE_INVALID_TRANSFER_ENCODING: [400, "The only Transfer-Encoding taken is chunked."],
  BOTH_LENGTHS: [400, "Send Content-Length or Transfer-Encoding: chunked, not both."],
  HPE_INVALID_CHUNK_SIZE: [400, "The chunked body is malformed."],
};

/** The `clientError` listener: a JSON answer when the socket can still take one, else a quiet close. */
export function answerClientError(error: ParserError, socket: Socket): void {
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  // llhttp gives one code for a bad Transfer-Encoding and for one sent with Content-Length; its reason differs.
  const isBoth = /content-length/i.test(error.reason ?? "") && error.code === "HPE_INVALID_TRANSFER_ENCODING";
  const code = isBoth || error.code === "HPE_UNEXPECTED_CONTENT_LENGTH" ? "BOTH_LENGTHS" : (error.code ?? "");
  const [status, description] = answers[code] ?? [400, "The request is not valid HTTP/1.1."];
  const body = JSON.stringify({ error: "invalid_request", error_description: description });
  socket.end(
    [
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
      "Content-Type: application/json; charset=utf-8",
      `Content-Length: ${Buffer.byteLength(body)}`,
      "Cache-Control: no-store",
      "X-Content-Type-Options: nosniff",
      "Connection: close",
      "",
      body,
    ].join("\r\n"),
  );
}
