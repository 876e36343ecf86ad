import { defineConfig } from "drizzle-kit";

/** SQLite (the embedded default); db/postgres has its own config and migrations. `npm run db:generate` runs both. */
export default defineConfig({
  dialect: "sqlite",
  schema: "./db/sqlite/schema.ts",
  out: "./db/sqlite/migrations",
});
