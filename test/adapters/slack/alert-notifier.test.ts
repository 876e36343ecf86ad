import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SlackAlertNotifier } from "../../../adapters/slack/alert-notifier.js";
import type { ChannelAddress } from "../../../src/ports/chat-notifier.js";
import type { DeliveryError } from "../../../src/ports/mailer.js";
import type { Reply } from "../../../src/reply.js";
import { FakeSlackApi } from "../../fakes/fake-slack-api.js";

const NOW = new Date("2027-03-24T09:00:00.000Z");
const CHANNEL: ChannelAddress = { platform: "slack", workspace: "T1", channelId: "C123", conversationRef: null };
const ALERT: Reply = {
  tone: "warning",
  title: "⚠️ A secret of Partner-NL-Search expires in 7 days",
  blocks: [],
  isPrivate: false,
};
const RATE_LIMITED = { ok: false, error: "ratelimited" };
const httpDate = (secondsFromNow: number) => new Date(NOW.getTime() + secondsFromNow * 1000).toUTCString();

describe("Slack channel alerts under a rate limit", () => {
  const slack = new FakeSlackApi();
  let slept: number[];
  let notifier: SlackAlertNotifier;
  beforeAll(() => slack.start());
  afterAll(() => slack.stop());
  beforeEach(() => {
    slept = [];
    slack.calls.length = 0;
    notifier = new SlackAlertNotifier({
      botToken: "xoxb-test",
      apiUrl: slack.url,
      render: (reply) => ({ text: reply.title ?? "", blocks: [] }),
      sleep: async (ms) => {
        slept.push(ms);
      },
      now: () => NOW,
    });
  });

  it("waits until the HTTP-date Slack names in Retry-After, then posts", async () => {
    slack.answers.push({ status: 429, headers: { "retry-after": httpDate(5) }, body: RATE_LIMITED });
    await notifier.post(CHANNEL, ALERT);
    expect(slept).toEqual([5000]);
    expect(slack.calls.map((c) => c.method)).toEqual(["chat.postMessage", "chat.postMessage"]);
  });

  it("hands a long HTTP-date wait back to the outbox as transient, with its seconds", async () => {
    slack.answers.push({ status: 429, headers: { "retry-after": httpDate(120) }, body: RATE_LIMITED });
    const error = await notifier.post(CHANNEL, ALERT).then(
      () => undefined,
      (e: unknown) => e as DeliveryError,
    );
    expect(error).toMatchObject({ isTransient: true, retryAfterSeconds: 120 });
    expect(slept).toEqual([]);
  });

  it("waits a second when Slack gives no readable Retry-After", async () => {
    slack.answers.push({ status: 429, headers: { "retry-after": "soon" }, body: RATE_LIMITED });
    await notifier.post(CHANNEL, ALERT);
    expect(slept).toEqual([1000]);
  });
});
