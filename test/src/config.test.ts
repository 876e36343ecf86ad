import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";

describe("loadConfig", () => {
  it("without PUBLIC_URL, takes the issuer from where it listens: localhost on a loopback or every-interface HOST", () => {
    const issuer = (env: Record<string, string>) => {
      const result = loadConfig(env);
      return result.ok ? result.config.publicUrl : result.problems;
    };
    expect(issuer({ PORT: "8080" })).toBe("http://localhost:8080");
    expect(issuer({ HOST: "0.0.0.0" })).toBe("http://localhost:3000");
    expect(issuer({ HOST: "::1" })).toBe("http://localhost:3000");
    expect(issuer({ HOST: "10.1.2.3" })).toBe("http://10.1.2.3:3000");
    expect(issuer({ HOST: "fd00::5" })).toBe("http://[fd00::5]:3000");
    expect(issuer({ HOST: "10.1.2.3", PUBLIC_URL: "https://steward.example.org/" })).toBe(
      "https://steward.example.org",
    );
  });

  it("comes up with no configuration at all, on the documented defaults", () => {
    const result = loadConfig({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      databasePath: "./data/steward.db",
      host: "127.0.0.1",
      port: 3000,
      publicUrl: "http://localhost:3000",
      secretProvider: "builtin",
      secretMaxLifetimeDays: 365,
      secretMaxActive: 5,
      tokenTtlSeconds: 3599,
      reminderDays: [30, 14, 7, 3, 1],
      reminderCron: "0 9 * * *",
      reminderTimezone: "UTC",
      mailFrom: "Secret Steward <steward@localhost>",
      logLevel: "info",
      slack: undefined,
      teams: undefined,
    });
  });

  it("lists every problem at once, not just the first", () => {
    const result = loadConfig({
      PORT: "seventy",
      SECRET_MAX_ACTIVE: "0",
      ADMIN_EMAILS: "ok@example.org, not-an-email",
      REMINDER_TIMEZONE: "Mars/Olympus",
      SLACK_BOT_TOKEN: "xoxb-1",
      TEAMS_CLIENT_ID: "id",
      PUBLIC_URL: "ftp://example.org",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.problems.join("\n");
    for (const name of ["PORT", "SECRET_MAX_ACTIVE", "ADMIN_EMAILS", "REMINDER_TIMEZONE", "PUBLIC_URL"]) {
      expect(text).toContain(name);
    }
    expect(text).toContain("Slack is half configured: set SLACK_SIGNING_SECRET too");
    expect(text).toContain("Microsoft Teams is half configured");
  });

  it("normalises admin e-mails and reminder days, and strips a trailing slash from PUBLIC_URL", () => {
    const result = loadConfig({
      ADMIN_EMAILS: " Root@Registry.org ,ops@registry.org",
      REMINDER_DAYS: "7, 30,1,7",
      PUBLIC_URL: "https://steward.example.org/",
    });
    expect(result.ok && result.config.adminEmails).toEqual(["root@registry.org", "ops@registry.org"]);
    expect(result.ok && result.config.reminderDays).toEqual([30, 7, 1]);
    expect(result.ok && result.config.publicUrl).toBe("https://steward.example.org");
  });

  it("treats blank variables as unset", () => {
    const result = loadConfig({ PORT: "", SLACK_BOT_TOKEN: " ", SLACK_SIGNING_SECRET: "" });
    expect(result.ok && result.config.port).toBe(3000);
  });

  it("says every problem in its own words, naming the variable and what it may be", () => {
    const result = loadConfig({
      PORT: "abc",
      TOKEN_TTL_SECONDS: "1.5",
      SECRET_PROVIDER: "aws",
      LOG_LEVEL: "loud",
      REMINDER_DAYS: "30,x",
      REMINDER_CRON: "every morning",
      SMTP_URL: "http://mail.example.org",
      TEAMS_ALLOW_UNAUTHENTICATED: "yes",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        "PORT must be a whole number from 0 to 65535",
        "TOKEN_TTL_SECONDS must be a whole number from 60 to 86400",
        "SECRET_PROVIDER must be one of builtin, entra, keycloak, okta",
        "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent",
        "REMINDER_DAYS must be comma-separated whole numbers of days from 1 to 365, such as 30,14,7,3,1",
        "REMINDER_CRON must be a cron schedule of five fields, such as 0 9 * * 1-5 (09:00 on weekdays)",
        "SMTP_URL must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.org:587",
        "TEAMS_ALLOW_UNAUTHENTICATED must be one of true, false",
      ]),
    );
    for (const problem of result.problems) expect(problem).not.toMatch(/Invalid|Too small|Too big|expected|received/);
  });

  it("refuses a TEAMS_CLIENT_ID that is not a GUID at start, with the other problems", () => {
    const result = loadConfig({ TEAMS_CLIENT_ID: "my-bot", TEAMS_CLIENT_SECRET: "s", TEAMS_TENANT_ID: "t" });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([
      'TEAMS_CLIENT_ID must be the bot\'s Microsoft App ID, a GUID; "my-bot" is not one (Azure Bot → Configuration → Microsoft App ID)',
    ]);
    const good = loadConfig({
      TEAMS_CLIENT_ID: "6a1f3c2e-8b7d-4e2a-9c1b-0d5e7f3a9b21",
      TEAMS_CLIENT_SECRET: "s",
      TEAMS_TENANT_ID: "t",
    });
    expect(good.ok).toBe(true);
  });

  it("reads TRUST_PROXY as proxy addresses and CIDRs, off when unset, and names an entry it cannot read", () => {
    const off = loadConfig({});
    expect(off.ok && off.config.trustProxy).toEqual([]);
    const result = loadConfig({ TRUST_PROXY: "10.0.0.0/8, 192.168.1.10 ,::1,2001:db8::/32" });
    expect(result.ok && result.config.trustProxy).toEqual(["10.0.0.0/8", "192.168.1.10", "::1", "2001:db8::/32"]);
    const bad = loadConfig({ TRUST_PROXY: "10.0.0.0/33,proxy.internal" });
    expect(!bad.ok && bad.problems).toEqual([
      'TRUST_PROXY must be comma-separated proxy addresses or CIDRs such as 10.0.0.0/8,192.168.1.10; "10.0.0.0/33" is not one',
      'TRUST_PROXY must be comma-separated proxy addresses or CIDRs such as 10.0.0.0/8,192.168.1.10; "proxy.internal" is not one',
    ]);
  });

  it("lists what is missing for a half-configured Keycloak or Okta, and for a chosen provider with none of its variables", () => {
    const half = loadConfig({
      SECRET_PROVIDER: "keycloak",
      KEYCLOAK_URL: "https://sso.example.org",
      KEYCLOAK_CLIENT_ID: "secret-steward",
      OKTA_API_TOKEN: "00abc",
    });
    expect(half.ok).toBe(false);
    if (half.ok) return;
    expect(half.problems).toEqual([
      "Keycloak is half configured: set KEYCLOAK_REALM, KEYCLOAK_CLIENT_SECRET too, or unset KEYCLOAK_URL, KEYCLOAK_CLIENT_ID",
      "Okta is half configured: set OKTA_ORG_URL too, or unset OKTA_API_TOKEN",
    ]);
    const none = loadConfig({ SECRET_PROVIDER: "okta" });
    expect(!none.ok && none.problems).toEqual([
      "SECRET_PROVIDER=okta needs the Okta variables: set OKTA_ORG_URL, OKTA_API_TOKEN (see README.md)",
    ]);
    const bad = loadConfig({ SECRET_PROVIDER: "vault", KEYCLOAK_URL: "sso.example.org" });
    expect(!bad.ok && bad.problems.join("\n")).toMatch(/SECRET_PROVIDER[\s\S]*KEYCLOAK_URL/);
  });

  it("gives the chosen provider's settings without a trailing slash", () => {
    const result = loadConfig({
      SECRET_PROVIDER: "keycloak",
      KEYCLOAK_URL: "https://sso.example.org/",
      KEYCLOAK_REALM: "partners",
      KEYCLOAK_CLIENT_ID: "secret-steward",
      KEYCLOAK_CLIENT_SECRET: "s3cr3t",
      OKTA_ORG_URL: "https://partners.okta.com/",
      OKTA_API_TOKEN: "00abc",
    });
    expect(result.ok && [result.config.secretProvider, result.config.keycloak, result.config.okta]).toEqual([
      "keycloak",
      { url: "https://sso.example.org", realm: "partners", clientId: "secret-steward", clientSecret: "s3cr3t" },
      { orgUrl: "https://partners.okta.com", apiToken: "00abc" },
    ]);
  });
  it("turns metrics on with METRICS_TOKEN and traces on with the standard OTEL_* variables, both off by default", () => {
    const none = loadConfig({});
    expect(none.ok && [none.config.metricsToken, none.config.tracing]).toEqual([undefined, undefined]);
    const on = loadConfig({
      METRICS_TOKEN: "0123456789abcdef0123",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/",
      OTEL_SERVICE_NAME: "steward-eu",
    });
    expect(on.ok && on.config.metricsToken).toBe("0123456789abcdef0123");
    expect(on.ok && on.config.tracing).toEqual({
      url: "http://collector:4318/v1/traces",
      protocol: "http/protobuf",
      serviceName: "steward-eu",
    });
    const traces = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://traces.example.org/otlp",
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/json",
    });
    expect(traces.ok && traces.config.tracing).toMatchObject({
      url: "https://traces.example.org/otlp",
      protocol: "http/json",
    });
    const disabled = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_SDK_DISABLED: "true" });
    expect(disabled.ok && disabled.config.tracing).toBeUndefined();
  });

  it("says what is wrong with a short METRICS_TOKEN or an OTLP protocol it cannot speak", () => {
    const result = loadConfig({
      METRICS_TOKEN: "short",
      OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318",
      OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        "METRICS_TOKEN must be at least 16 characters (e.g. openssl rand -hex 24)",
        "OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL such as http://otel-collector:4318",
        "OTEL_EXPORTER_OTLP_PROTOCOL must be http/json or http/protobuf (OTLP over gRPC is not supported; use port 4318 of the collector)",
      ]),
    );
  });
});
