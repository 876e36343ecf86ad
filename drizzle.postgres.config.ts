import { defineConfig } from "drizzle-kit";

/** PostgreSQL (DATABASE_URL); kept identical to the SQLite schema by test/db/schema-parity.test.ts. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/postgres/schema.ts",
  out: "./db/postgres/migrations",
});
