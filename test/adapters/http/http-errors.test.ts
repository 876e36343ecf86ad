import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Server, startServer } from "../../../adapters/root/server.js";
import { TEST_PEPPER } from "../../helpers/config.js";
import { freePort } from "../../helpers/http.js";
import { rawRequest } from "../../helpers/raw-http.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";

const FORM = "Content-Type: application/x-www-form-urlencoded";

describe("HTTP-level errors on the one listener", () => {
  let rt: TestRuntime;
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    port = await freePort();
    rt = await testRuntime({ env: { PORT: String(port), STEWARD_PEPPER: TEST_PEPPER } });
    server = await startServer(rt);
  });
  afterAll(async () => {
    await server.stop();
    await rt.cleanup();
  });

  const post = (headers: string[]) => ["POST /oauth2/token HTTP/1.1", "Host: localhost", FORM, ...headers].join("\r\n");

  it.each([
    ["a malformed Content-Length", post(["Content-Length: twelve"]), 400, /Content-Length/],
    [
      "both Content-Length and Transfer-Encoding",
      post(["Content-Length: 5", "Transfer-Encoding: chunked"]),
      400,
      /not both/,
    ],
    ["an unknown method", "FOO /oauth2/token HTTP/1.1\r\nHost: localhost", 501, /method/],
    ["headers over 16 KB", post([`X-Padding: ${"p".repeat(20_000)}`, "Content-Length: 0"]), 431, /headers/],
  ])("answers %s with an RFC 6749 error in JSON, not a bare status", async (_name, head, status, description) => {
    const answer = await rawRequest(server.http.server, head);
    expect(answer.status).toBe(status);
    expect(answer.headers["content-type"]).toBe("application/json; charset=utf-8");
    const body = JSON.parse(answer.body) as { error: string; error_description: string };
    expect(body.error).toBe("invalid_request");
    expect(body.error_description).toMatch(description);
  });

  it("ends a chunked token request over 16 KB with a readable 413 while it is still being sent", async () => {
    const answer = await rawRequest(server.http.server, post(["Transfer-Encoding: chunked"]), {
      isChunked: true,
      chunks: 200,
      chunkSize: 8 * 1024,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({
      error: "invalid_request",
      error_description: "The request body is too large: send at most 16 KB.",
    });
    expect(answer.sent).toBeLessThan(200 * 8 * 1024);
  });

  it("refuses a declared body over a route's limit before reading any of it", async () => {
    const health = await rawRequest(
      server.http.server,
      "GET /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 50000000",
      {
        chunks: 100,
      },
    );
    expect(health.status).toBe(413);
    expect(health.sent).toBeLessThanOrEqual(2 * 64 * 1024);
    const token = await rawRequest(server.http.server, post(["Content-Length: 50000000"]), { chunks: 100 });
    expect([token.status, JSON.parse(token.body).error]).toEqual([413, "invalid_request"]);
    expect(token.sent).toBeLessThanOrEqual(2 * 64 * 1024);
  });
});
