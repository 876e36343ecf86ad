import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ClientCredentialsToken, type TokenFailure } from "../../../adapters/oauth/client-credentials.js";
import { FixedClock } from "../../fakes/fixed-clock.js";

const SECRET = "client-secret-value-never-in-an-error";
const REALM_PATH = "/realms/partners/protocol/openid-connect/token";

type Answer = { status: number; body: unknown };

/** A token endpoint as Keycloak's: records each form it gets, answers what the test queued or a new token. */
class TokenEndpoint {
  readonly forms: Array<{ path: string; form: Record<string, string> }> = [];
  readonly answers: Answer[] = [];
  lifetimeSeconds = 300;
  private server: Server | undefined;
  url = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = "";
      req.on("data", (d: Buffer) => {
        raw += d.toString();
      });
      req.on("end", () => {
        this.forms.push({ path: req.url ?? "", form: Object.fromEntries(new URLSearchParams(raw)) });
        const token = {
          token_type: "Bearer",
          expires_in: this.lifetimeSeconds,
          access_token: `token-${this.forms.length}`,
        };
        const answer = this.answers.shift() ?? { status: 200, body: token };
        res.writeHead(answer.status, { "content-type": "application/json" });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${REALM_PATH}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

class TokenFailed extends Error {
  constructor(readonly failure: TokenFailure) {
    super(failure.kind === "network" ? "no answer" : `${failure.status} ${failure.code}: ${failure.description}`);
  }
}

describe("a client-credentials token", () => {
  const endpoint = new TokenEndpoint();
  let clock: FixedClock;
  const tokenAt = (tokenUrl: string, scope?: string) =>
    new ClientCredentialsToken({
      tokenUrl,
      clientId: "secret-steward",
      clientSecret: SECRET,
      ...(scope ? { scope } : {}),
      clock,
      timeoutMs: 5000,
      toError: (failure) => new TokenFailed(failure),
    });
  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as TokenFailed,
    );

  beforeAll(() => endpoint.start());
  afterAll(() => endpoint.stop());
  beforeEach(() => {
    endpoint.forms.length = 0;
    endpoint.lifetimeSeconds = 300;
    clock = new FixedClock();
  });

  it("asks a token URL given whole, without a scope when none is given, once for callers that ask at the same time", async () => {
    const tokens = tokenAt(endpoint.url);
    expect(await Promise.all([tokens.token(), tokens.token(), tokens.token()])).toEqual([
      "token-1",
      "token-1",
      "token-1",
    ]);
    expect(endpoint.forms).toEqual([
      {
        path: REALM_PATH,
        form: { grant_type: "client_credentials", client_id: "secret-steward", client_secret: SECRET },
      },
    ]);
  });

  it("sends the scope when one is given", async () => {
    await tokenAt(endpoint.url, "https://graph.example/.default").token();
    expect(endpoint.forms[0]?.form.scope).toBe("https://graph.example/.default");
  });

  it("renews five minutes before expiry, or at half the lifetime of a short-lived token", async () => {
    endpoint.lifetimeSeconds = 3600;
    const long = tokenAt(endpoint.url);
    await long.token();
    clock.advance(54 * 60_000);
    expect(await long.token()).toBe("token-1");
    clock.advance(60_000);
    expect(await long.token()).toBe("token-2");
    endpoint.lifetimeSeconds = 300;
    const short = tokenAt(endpoint.url);
    await short.token();
    clock.advance(149_000);
    expect(await short.token()).toBe("token-3");
    clock.advance(1000);
    expect(await short.token()).toBe("token-4");
  });

  it("asks again for a token the resource refused", async () => {
    const tokens = tokenAt(endpoint.url);
    const first = await tokens.token();
    tokens.invalidate("some-other-token");
    expect(await tokens.token()).toBe(first);
    tokens.invalidate(first);
    expect(await tokens.token()).toBe("token-2");
  });

  it("hands a refusal to the caller as status, code and the description's first line, never the secret", async () => {
    endpoint.answers.push({
      status: 401,
      body: {
        error: "unauthorized_client",
        error_description: "Invalid client secret\nTrace ID: 1234",
        secret: SECRET,
      },
    });
    const error = await failureOf(tokenAt(endpoint.url).token());
    expect(error?.failure).toEqual({
      kind: "refused",
      status: 401,
      code: "unauthorized_client",
      description: "Invalid client secret",
    });
    expect(JSON.stringify(error?.failure)).not.toContain(SECRET);
  });

  it("calls an answer that is neither a token nor an error body unexpected, even with HTTP 200", async () => {
    endpoint.answers.push({ status: 200, body: { token_type: "mac", access_token: "x", expires_in: 60 } });
    expect((await failureOf(tokenAt(endpoint.url).token()))?.failure).toEqual({
      kind: "refused",
      status: 200,
      code: "unexpected_response",
      description: "",
    });
  });

  it("hands a network failure to the caller, and tries again on the next call", async () => {
    const closed = "http://127.0.0.1:1/realms/partners/protocol/openid-connect/token";
    expect((await failureOf(tokenAt(closed).token()))?.failure.kind).toBe("network");
    const tokens = tokenAt(endpoint.url);
    endpoint.answers.push({ status: 503, body: {} });
    expect((await failureOf(tokens.token()))?.failure).toMatchObject({ kind: "refused", status: 503 });
    expect(await tokens.token()).toBe("token-2");
  });
});
