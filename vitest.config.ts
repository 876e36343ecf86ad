import { defineConfig } from "vitest/config";
import { filesWithoutDatabase } from "./test/projects.js";

/** Tests that touch no database (read from their imports, test/projects.ts): they run once, on SQLite. */
const withoutDatabase = filesWithoutDatabase(import.meta.dirname);
/** Tests of several replicas on one shared database: PostgreSQL only. */
const replicas = "test/replicas/**/*.test.ts";

/**
 * Two projects: every test on SQLite, and every test that touches the database again on a real
 * PostgreSQL server that the run starts and stops itself (test/postgres-setup.ts).
 *
 * Most tests wait on sockets, SQLite and PostgreSQL rather than on the CPU, so the run uses more
 * workers than cores; each worker's databases, ports and temporary files are its own. Files share
 * their worker's module cache (isolate: false): loading the app, Bolt and the Teams SDK once per worker
 * rather than once per file is most of the run's time otherwise. No test mocks a module of ours or
 * leaves global state behind, so nothing leaks from one file into the next.
 */
export default defineConfig({
  test: {
    testTimeout: 40_000,
    hookTimeout: 30_000,
    pool: "forks",
    maxWorkers: 6,
    isolate: false,
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
