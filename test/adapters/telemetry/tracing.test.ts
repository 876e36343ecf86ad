/**
 * Traces from outside: with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a local OTLP/HTTP JSON collector,
 * one signed Slack command that creates a Keycloak secret makes one trace, from the incoming request
 * (whose `traceparent` it continues) through the command to the provider call, and the request to
 * Keycloak carries that trace on.
 */
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reminderParts } from "../../../adapters/root/reminders.js";
import { runReminderPass } from "../../../src/jobs/reminder-pass.js";
import { FakeKeycloak } from "../../fakes/fake-keycloak.js";
import { attribute, FakeOtlpCollector, type ReceivedSpan } from "../../fakes/fake-otlp-collector.js";
import { FixedClock } from "../../fakes/fixed-clock.js";
import { seedImportedPartner } from "../../helpers/provider-testbed.js";
import { ANN, postSigned, type SlackSetup, serveSlack } from "../../helpers/slack.js";
import { textOf } from "../../helpers/slack-blocks.js";
import { slashCommandBody } from "../../helpers/slack-payloads.js";

const APP = "partner-nl-search";
const SERVER = 2;

describe("OpenTelemetry traces", () => {
  let s: SlackSetup;
  let kc: FakeKeycloak;
  let collector: FakeOtlpCollector;
  beforeEach(async () => {
    collector = await FakeOtlpCollector.start();
    kc = await FakeKeycloak.start(new FixedClock());
    s = await serveSlack({
      ...kc.env(),
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      OTEL_SERVICE_NAME: "steward-under-test",
    });
    kc.realm.addClient(APP);
    await seedImportedPartner({ rt: s.rt, clock: s.rt.clock }, "partner-nl-", [APP]);
  });
  afterEach(async () => {
    await s.stop();
    await kc.close();
    await collector.close();
  });

  it("follows a Slack command from the incoming traceparent through the command to the Keycloak call", async () => {
    const traceId = randomBytes(16).toString("hex");
    const callerSpanId = randomBytes(8).toString("hex");
    const body = slashCommandBody(s, ANN, `create ${APP} --name Traced --expires 90d`);
    const before = kc.adminRequests().length;
    const ack = await postSigned(
      s.base,
      body,
      "application/x-www-form-urlencoded",
      {},
      {
        traceparent: `00-${traceId}-${callerSpanId}-01`,
      },
    );
    expect(ack.status).toBe(200);
    await s.fake.waitFor("views.update", (c) => textOf(c.body.view).includes("New client secret for"));
    await s.rt.telemetry.flush();

    const providerSpan = await collector.waitFor(
      (span) => span.traceId === traceId && span.name.startsWith("provider "),
    );
    const trace = collector.spans.filter((span) => span.traceId === traceId);
    const byId = new Map(trace.map((span) => [span.spanId, span]));
    const ancestors = (span: ReceivedSpan): string[] => {
      const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
      return parent ? [parent.name, ...ancestors(parent)] : [];
    };

    const request = trace.find((span) => span.name === "POST /slack/events");
    expect(request).toMatchObject({ kind: SERVER, parentSpanId: callerSpanId, service: "steward-under-test" });
    expect(attribute(request?.attributes, "http.response.status_code")).toBe("200");
    const command = trace.find((span) => span.name === "command create");
    expect(attribute(command?.attributes, "steward.surface")).toBe("slack");
    expect(attribute(command?.attributes, "steward.command")).toBe("create");
    expect(ancestors(command as ReceivedSpan)).toEqual(["POST /slack/events"]);
    expect(attribute(providerSpan.attributes, "steward.provider")).toBe("keycloak");
    expect(ancestors(providerSpan)).toEqual(["command create", "POST /slack/events"]);

    // Keycloak's Admin API was called inside a provider span of this trace, and was told so.
    const calls = kc.adminRequests().slice(before);
    expect(calls.length).toBeGreaterThan(0);
    const providerSpanIds = new Set(
      trace.filter((span) => span.name.startsWith("provider ")).map((span) => span.spanId),
    );
    for (const call of calls) {
      const [, callTrace, parent] = call.traceparent?.split("-") ?? [];
      expect(callTrace).toBe(traceId);
      expect(providerSpanIds.has(parent ?? "")).toBe(true);
    }
    // Nothing in the trace names the person or the secret.
    expect(JSON.stringify(trace)).not.toContain("ann@");
  });

  it("traces a reminder pass, with the provider sync before it as its child", async () => {
    const parts = reminderParts(s.rt);
    expect((await runReminderPass(parts.deps, parts.options)).outcome).toBe("done");
    await s.rt.telemetry.flush();
    const pass = await collector.waitFor((span) => span.name === "reminder pass");
    expect(pass.parentSpanId ?? "").toBe("");
    const sync = await collector.waitFor(
      (span) => span.traceId === pass.traceId && span.name === "provider listSecrets",
    );
    expect(sync.parentSpanId).toBe(pass.spanId);
  });

  it("sends OTLP as protobuf with OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf", async () => {
    const proto = await serveSlack({
      ...kc.env(),
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
    });
    try {
      collector.contentTypes.length = 0;
      expect((await fetch(`${proto.base}/healthz`)).status).toBe(200);
      await proto.rt.telemetry.flush();
      await collector.waitForRequest();
      expect(collector.contentTypes).toContain("application/x-protobuf");
    } finally {
      await proto.stop();
    }
  });

  it("sends nothing and adds no header when OTEL_EXPORTER_OTLP_ENDPOINT is unset", async () => {
    const plain = await serveSlack(kc.env());
    try {
      expect(plain.rt.telemetry.requestTracing).toBeUndefined();
      expect(plain.rt.tracer.outgoingHeaders()).toEqual({});
    } finally {
      await plain.stop();
    }
  });
});
