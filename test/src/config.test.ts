import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";

describe("loadConfig", () => {
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
});
