import { defineConfig } from "vitest/config";

/** Tests that touch no database: they run once, in the SQLite project. */
const withoutDatabase = [
  "test/db/schema-parity.test.ts",
  "test/src/commands/tokenize.test.ts",
  "test/src/config.test.ts",
  "test/src/expiry.test.ts",
  "test/src/iso-time.test.ts",
  "test/src/calendar.test.ts",
  "test/adapters/email/render-mail.test.ts",
  "test/src/jobs/plan-reminders.test.ts",
  "test/src/log.test.ts",
  "test/adapters/teams/card-text.test.ts",
  "test/adapters/teams/signing-key-set.test.ts",
  "test/adapters/providers/entra/graph-parsing.test.ts",
  "test/src/messages/markup.test.ts",
  "test/src/messages/control-characters.test.ts",
  "test/adapters/http/retry-after.test.ts",
  "test/adapters/http/client-address.test.ts",
  "test/adapters/oauth/client-credentials.test.ts",
  "test/adapters/slack/alert-notifier.test.ts",
  "test/adapters/start/provider-banner.test.ts",
];
/** Tests of several replicas on one shared database: PostgreSQL only. */
const replicas = "test/replicas/**/*.test.ts";

/**
 * Two projects: every test on SQLite, and every test that touches the database again on a real
 * PostgreSQL server that the run starts and stops itself (test/postgres-setup.ts).
 */
export default defineConfig({
  test: {
    testTimeout: 40_000,
    hookTimeout: 30_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "sqlite",
          include: ["test/**/*.test.ts"],
          exclude: [replicas],
          globalSetup: ["test/global-setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          include: ["test/**/*.test.ts"],
          exclude: withoutDatabase,
          globalSetup: ["test/global-setup.ts", "test/postgres-setup.ts"],
          env: { STEWARD_TEST_DATABASE: "postgres" },
        },
      },
    ],
  },
});
