/**
 * Slack's request signature, checked before Bolt sees a request: Bolt would read any body (up to 4 MB)
 * before looking at the signature, and it accepts timestamps from the future. Here a request without
 * Slack's signature headers, or with a timestamp more than five minutes from now in either direction
 * (seconds, as Slack sends them: milliseconds are far in the future), is refused with 401 before its
 * body is read; a body over the cap gets 413 without being buffered; only a body whose v0 HMAC matches
 * reaches Bolt, already read (Bolt is told not to check it again: this gate is its only way in).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, refuseUnread, sendJson } from "../http/http-kit.js";
import type { Handler } from "../http/server.js";
import { markArrived, markSigned } from "./ack-timing.js";

/** Slack's own payloads (commands, interactions, events) are far below this. */
export const SLACK_BODY_LIMIT = 1024 * 1024;
const MAX_SKEW_SECONDS = 5 * 60;

const refusal = (description: string) => ({ error: "invalid_signature", error_description: description });
const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return typeof value === "string" ? value : undefined;
};

/** Why the headers alone rule the request out, or null when its body is worth reading. */
function headerProblem(req: IncomingMessage, nowSeconds: number): string | null {
  const timestamp = header(req, "x-slack-request-timestamp");
  const signature = header(req, "x-slack-signature");
  if (!timestamp || !signature) return "Slack's signature headers are missing.";
  if (!/^\d{1,12}$/.test(timestamp) || !/^v0=[0-9a-f]{64}$/.test(signature)) {
    return "Slack's signature headers are malformed.";
  }
  if (Math.abs(Number(timestamp) - nowSeconds) > MAX_SKEW_SECONDS) {
    return "The request timestamp is more than five minutes from now.";
  }
  return null;
}

/** Whether `signature` is Slack's v0 HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret. */
function isSignedBySlack(secret: string, timestamp: string, body: Buffer, signature: string): boolean {
  const expected = createHmac("sha256", secret).update(`v0:${timestamp}:`).update(body).digest();
  const given = Buffer.from(signature.slice(3), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Wraps Bolt's request listener so only requests Slack signed, within the window and the cap, reach it. */
export function slackGate(
  signingSecret: string,
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  now: () => number = Date.now,
): Handler {
  return async (req, res) => {
    markArrived(req);
    const problem = headerProblem(req, Math.floor(now() / 1000));
    if (problem) return refuseUnread(req, res, 401, refusal(problem));
    // Over the cap, readBody throws and the router answers 413.
    const body = await readBody(req, SLACK_BODY_LIMIT);
    const timestamp = header(req, "x-slack-request-timestamp") ?? "";
    const signature = header(req, "x-slack-signature") ?? "";
    if (!isSignedBySlack(signingSecret, timestamp, body, signature)) {
      return sendJson(res, 401, refusal("The signature does not match the body."));
    }
    markSigned(req);
    // Bolt reads a request's body from `rawBody` when it is already there (BufferedIncomingMessage).
    Object.assign(req, { rawBody: body });
    listener(req, res);
  };
}
