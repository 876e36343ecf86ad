/**
 * GET /metrics from outside: the token it requires, every metric the issue names shown (HELP and TYPE)
 * before its first sample, and each one moving after a token request, a signed Slack command, a
 * reminder pass and a provider call — read with a Prometheus text-format parser.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reminderParts } from "../../../adapters/root/reminders.js";
import { startServer } from "../../../adapters/root/server.js";
import { runReminderPass } from "../../../src/jobs/reminder-pass.js";
import { noMetrics } from "../../../src/ports/metrics.js";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { isPostgres } from "../../helpers/database.js";
import { basic, FORM, form, freePort } from "../../helpers/http.js";
import { labelValues, METRICS_TOKEN, type Scraped, sampled, scrape } from "../../helpers/metrics.js";
import { testRuntime } from "../../helpers/runtime.js";
import { MANAGER, seedPartner } from "../../helpers/seed.js";
import { ANN, type SlackSetup, serveSlack } from "../../helpers/slack.js";
import { slash } from "../../helpers/slack-payloads.js";
import { TestSmtp } from "../../helpers/smtp.js";

const NAMED = [
  ["steward_token_requests_total", "COUNTER"],
  ["steward_token_request_duration_seconds", "HISTOGRAM"],
  ["steward_commands_total", "COUNTER"],
  ["steward_reminder_pass_duration_seconds", "HISTOGRAM"],
  ["steward_reminder_passes_total", "COUNTER"],
  ["steward_reminder_pass_last_success_timestamp_seconds", "GAUGE"],
  ["steward_reminders_total", "COUNTER"],
  ["steward_outbox_pending", "GAUGE"],
  ["steward_outbox_oldest_pending_age_seconds", "GAUGE"],
  ["steward_outbox_failed", "GAUGE"],
  ["steward_provider_requests_total", "COUNTER"],
  ["steward_provider_request_duration_seconds", "HISTOGRAM"],
  ["steward_provider_throttled_total", "COUNTER"],
  ["steward_client_secrets_expiring", "GAUGE"],
  ["steward_db_pool_max_connections", "GAUGE"],
  ["steward_db_pool_open_connections", "GAUGE"],
  ["steward_db_pool_busy_connections", "GAUGE"],
  ["steward_db_pool_waiting", "GAUGE"],
  ["process_cpu_seconds_total", "COUNTER"],
  ["process_resident_memory_bytes", "GAUGE"],
  ["nodejs_eventloop_lag_seconds", "GAUGE"],
  ["nodejs_heap_size_used_bytes", "GAUGE"],
] as const;

describe("GET /metrics", () => {
  let s: SlackSetup;
  let smtp: TestSmtp;
  let first: Scraped;
  beforeAll(async () => {
    // An SMTP server that is not running: reminders stay in the outbox, retrying.
    smtp = new TestSmtp(await freePort());
    s = await serveSlack({ METRICS_TOKEN, SMTP_URL: smtp.url });
    first = await scrape(s.base);
    await seedPartner(s.rt.operator);
  });
  afterAll(() => s.stop());

  it("refuses a scrape without the token or with a wrong one (401), and answers the token with the text format", async () => {
    const none = await scrape(s.base, null);
    expect(none.status).toBe(401);
    expect(none.text).toContain("Bearer <METRICS_TOKEN>");
    expect((await scrape(s.base, "wrong-token-0123456789")).status).toBe(401);
    expect((await scrape(s.base, `${METRICS_TOKEN}x`)).status).toBe(401);
    expect(first.status).toBe(200);
    expect(first.contentType).toContain("text/plain; version=0.0.4");
  });

  it("shows every metric with HELP and TYPE before anything happened", () => {
    for (const [name, type] of NAMED) {
      const family = first.families.find((f) => f.name === name);
      expect(family, name).toBeDefined();
      expect([family?.type, (family?.help.length ?? 0) > 10]).toEqual([type, true]);
    }
    expect(first.text).toMatch(/^# HELP steward_commands_total .+\n# TYPE steward_commands_total counter$/m);
    expect(sampled(first, "steward_token_requests_total", { outcome: "issued" })).toBe(0);
    expect(sampled(first, "steward_db_pool_max_connections")).toBe(isPostgres ? 10 : 1);
    expect(sampled(first, "steward_outbox_pending")).toBe(0);
  });

  it("moves each metric after a provider call, a token request, a Slack command and a reminder pass", async () => {
    // A provider call: the built-in provider creates a secret that expires in twenty days.
    const created = await createClientSecret(await s.rt.as(MANAGER), {
      application: "Partner-NL-Search",
      expires: "20d",
    });
    const afterCreate = await scrape(s.base);
    const createOk = { provider: "builtin", operation: "createSecret", outcome: "ok" };
    expect(sampled(afterCreate, "steward_provider_requests_total", createOk)).toBe(1);
    expect(sampled(afterCreate, "steward_provider_request_duration_seconds", { operation: "createSecret" })).toBe(1);
    expect(sampled(afterCreate, "steward_client_secrets_expiring", { kind: "secret", within_days: "30" })).toBe(1);
    expect(sampled(afterCreate, "steward_client_secrets_expiring", { kind: "secret", within_days: "14" })).toBe(0);

    // Token requests: one issued, one refused.
    const token = (secret: string) =>
      fetch(`${s.base}/oauth2/token`, {
        method: "POST",
        headers: { ...FORM, authorization: basic(created.clientId, secret) },
        body: form({ grant_type: "client_credentials" }),
      });
    expect((await token(created.value)).status).toBe(200);
    expect((await token(`${created.value.slice(0, -2)}xx`)).status).toBe(401);
    const afterToken = await scrape(s.base);
    expect(sampled(afterToken, "steward_token_requests_total", { outcome: "issued" })).toBe(1);
    expect(sampled(afterToken, "steward_token_requests_total", { outcome: "invalid_client" })).toBe(1);
    expect(sampled(afterToken, "steward_token_request_duration_seconds")).toBe(2);

    // A chat command, signed as Slack signs it.
    await (await slash(s, ANN, "list")).answer();
    await (await slash(s, ANN, "show Nowhere")).answer();
    const afterSlack = await scrape(s.base);
    expect(sampled(afterSlack, "steward_commands_total", { surface: "slack", command: "list", outcome: "ok" })).toBe(1);
    expect(
      sampled(afterSlack, "steward_commands_total", { surface: "slack", command: "show", outcome: "not_found" }),
    ).toBe(1);

    // A week later, a reminder pass: the 14-day reminder is recorded, and mail cannot go out, so it waits
    // in the outbox.
    s.rt.clock.advance(7 * 86_400_000);
    const parts = reminderParts(s.rt);
    const report = await runReminderPass(parts.deps, parts.options);
    expect(report).toMatchObject({ outcome: "done" });
    s.rt.clock.advance(90_000);
    const afterPass = await scrape(s.base);
    expect(sampled(afterPass, "steward_reminder_passes_total", { kind: "pass", outcome: "done" })).toBe(1);
    expect(sampled(afterPass, "steward_reminder_pass_duration_seconds", { kind: "pass" })).toBe(1);
    expect(sampled(afterPass, "steward_reminder_pass_last_success_timestamp_seconds")).toBeGreaterThan(0);
    expect(sampled(afterPass, "steward_reminders_total", { result: "recorded" })).toBeGreaterThan(0);
    expect(sampled(afterPass, "steward_reminders_total", { result: "retrying" })).toBeGreaterThan(0);
    expect(sampled(afterPass, "steward_outbox_pending")).toBeGreaterThan(0);
    expect(sampled(afterPass, "steward_outbox_oldest_pending_age_seconds")).toBeGreaterThanOrEqual(90);

    // No label names a person, a secret, a hint or a client id.
    const values = labelValues(afterPass).join("\n");
    for (const privateText of [MANAGER, created.value, created.hint, created.clientId, ANN]) {
      expect(values).not.toContain(privateText);
    }
  });
});

describe("GET /metrics without METRICS_TOKEN", () => {
  it("is not served at all (404), and nothing is counted", async () => {
    const port = await freePort();
    const rt = await testRuntime({ env: { HOST: "127.0.0.1", PORT: String(port) } });
    const server = await startServer(rt);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(res.status).toBe(404);
      expect(rt.telemetry.scrape).toBeUndefined();
      expect(rt.metrics).toBe(noMetrics);
    } finally {
      await server.stop();
      await rt.cleanup();
    }
  });
});
