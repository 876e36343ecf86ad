import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest } from "../../helpers/raw-http.js";
import { seedPartner } from "../../helpers/seed.js";
import { ANN, nowSeconds, postSigned, type SlackSetup, serveSlack, signature } from "../../helpers/slack.js";
import { answerAt, slash, slashCommandBody } from "../../helpers/slack-payloads.js";

const FORM = "application/x-www-form-urlencoded" as const;

describe("Slack request signatures", () => {
  let s: SlackSetup;
  beforeAll(async () => {
    s = await serveSlack();
    await seedPartner(s.rt.operator);
    // From here on Ann's Slack identity is known: a `help` from her makes one Web API call, its answer.
    await (await slash(s, ANN, "help")).answer();
  });
  afterAll(() => s.stop());

  /** Everything a processed command would change: Web API calls and rows. */
  const footprint = async () => {
    const { t } = s.rt.db;
    return {
      calls: s.fake.calls.length,
      people: (await s.rt.db.select().from(t.people)).length,
      identities: (await s.rt.db.select().from(t.chatIdentities)).length,
      secrets: (await s.rt.db.select().from(t.clientSecrets)).length,
      audit: (await s.rt.db.select().from(t.auditEntries)).length,
    };
  };

  async function expectNothingHappens(send: (body: string) => Promise<{ status: number }>) {
    const before = await footprint();
    const body = slashCommandBody(s, ANN, "create Partner-NL-Search --name Forged --expires 30d");
    expect((await send(body)).status).toBe(401);
    // A correctly signed request sent after the refusal, through the same listener: once it is answered,
    // the refused one would have left its trace too had it been let in. Its own trace is its answer.
    await (await slash(s, ANN, "help")).answer();
    expect(await footprint()).toEqual({ ...before, calls: before.calls + 1 });
  }

  it("answers 401 and does nothing when the signature was made with another secret", async () => {
    await expectNothingHappens((body) => postSigned(s.base, body, FORM, { secret: "not-the-signing-secret" }));
  });

  it("answers 401 and does nothing when the timestamp is more than 5 minutes old, even if correctly signed", async () => {
    await expectNothingHappens((body) => postSigned(s.base, body, FORM, { timestamp: nowSeconds() - 5 * 60 - 10 }));
  });

  it.each([
    ["ten minutes in the future", () => nowSeconds() + 10 * 60],
    ["in milliseconds instead of seconds", () => Date.now()],
  ])("answers 401 and does nothing when the timestamp is %s, even if correctly signed", async (_name, timestamp) => {
    await expectNothingHappens((body) => postSigned(s.base, body, FORM, { timestamp: timestamp() }));
  });

  it("answers 401 and does nothing when the body was changed after signing", async () => {
    await expectNothingHappens(async (body) => {
      const timestamp = nowSeconds();
      const res = await fetch(`${s.base}/slack/events`, {
        method: "POST",
        headers: {
          "content-type": FORM,
          "x-slack-request-timestamp": String(timestamp),
          "x-slack-signature": signature(body.replace("Forged", "Other"), timestamp),
        },
        body,
      });
      return { status: res.status };
    });
  });

  it("answers 401 and does nothing when the signature headers are missing", async () => {
    await expectNothingHappens(async (body) => {
      const res = await fetch(`${s.base}/slack/events`, { method: "POST", headers: { "content-type": FORM }, body });
      return { status: res.status };
    });
  });

  it("accepts the same request signed correctly and within the window", async () => {
    const responseUrl = s.fake.responseUrl();
    const body = slashCommandBody(s, ANN, "help", undefined, responseUrl);
    expect((await postSigned(s.base, body, FORM, { timestamp: nowSeconds() - 4 * 60 })).status).toBe(200);
    await answerAt(s, responseUrl);
  });

  const listener = () => s.server.http.server;
  const head = (headers: string[]) =>
    ["POST /slack/events HTTP/1.1", "Host: localhost", `Content-Type: ${FORM}`, ...headers].join("\r\n");

  it("refuses an unsigned body before reading it: 401, or 413 when its declared length is over the cap", async () => {
    const before = await footprint();
    const chunked = await rawRequest(listener(), head(["Transfer-Encoding: chunked"]), { isChunked: true, chunks: 64 });
    expect(chunked.status).toBe(401);
    expect(chunked.sent).toBeLessThanOrEqual(2 * 64 * 1024);
    const declared = await rawRequest(listener(), head(["Content-Length: 4000000"]), { chunks: 64 });
    expect(declared.status).toBe(413);
    expect(declared.sent).toBeLessThanOrEqual(2 * 64 * 1024);
    expect(await footprint()).toEqual(before);
  });

  it("refuses a body over 1 MB with 413 without buffering the rest, even with signature headers", async () => {
    const timestamp = nowSeconds();
    const forged = [`X-Slack-Request-Timestamp: ${timestamp}`, `X-Slack-Signature: ${signature("x", timestamp)}`];
    const answer = await rawRequest(listener(), head([...forged, "Transfer-Encoding: chunked"]), {
      isChunked: true,
      chunks: 64,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error_description).toBe("The request body is too large: send at most 1024 KB.");
    expect(answer.sent).toBeLessThan(64 * 64 * 1024);
  });
});
