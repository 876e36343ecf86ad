/**
 * Posting an answer to the response_url Slack gave with a command or click: the JSON body Bolt's
 * respond() sends, over node:http(s) with connections kept alive. Bolt's respond() goes through
 * fetch, whose streams and per-request objects cost more CPU than the rest of a command's answer
 * together, on the same event loop that acknowledges the next requests. A status outside 2xx throws
 * Bolt's RespondError as respond() does; the caller logs it and never shows it in chat.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { type RespondArguments, RespondError } from "@slack/bolt";

/** Sends one message to the response_url it was made for. */
export type Respond = (message: RespondArguments) => Promise<void>;

/** A post that hangs (no answer within this) is given up, as a Web API call is. */
const TIMEOUT_MS = 10_000;
// Idle connections are closed after a few seconds (sooner when the server's Keep-Alive hint says so).
const agentOptions = { keepAlive: true, timeout: 4_000 };
const http = { request: httpRequest, agent: new HttpAgent(agentOptions) };
const https = { request: httpsRequest, agent: new HttpsAgent(agentOptions) };

function post(url: URL, body: string): Promise<IncomingMessage> {
  const { request, agent } = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: "POST",
      agent,
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
    });
    req.setTimeout(TIMEOUT_MS, () => req.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })));
    // `on`, not `once`: a socket can fail again after the first error, and an unheard error would end the process.
    req.on("error", reject);
    req.once("response", resolve);
    req.end(body);
  });
}

/** A Respond for `responseUrl`: only http(s) URLs, as Slack sends them; anything else fails when used. */
export function responder(responseUrl: string): Respond {
  return async (message) => {
    const url = new URL(responseUrl);
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw new RespondError("The response_url is not an http(s) address", 0);
    }
    const res = await post(url, JSON.stringify(message));
    // The answer's body is not needed; reading it lets the connection serve the next post. A connection
    // lost while reading it is no failure of the post, and must not go unheard.
    res.on("error", () => {});
    res.resume();
    const status = res.statusCode ?? 0;
    if (status < 200 || status > 299) {
      throw new RespondError(`Failed to respond to the response_url: ${status} ${res.statusMessage ?? ""}`, status);
    }
  };
}
