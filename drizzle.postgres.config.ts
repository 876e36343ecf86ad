import { defineConfig } from "drizzle-kit";

/** PostgreSQL (DATABASE_URL); the same tables as SQLite (db/tables.ts), compared by test/db/schema-parity.test.ts. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/postgres/schema.ts",
  out: "./db/postgres/migrations",
});
