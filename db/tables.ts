/**
 * Every table of Secret Steward, defined once for both dialects: `defineTables(kit)` builds them with a
 * dialect's kit (db/sqlite/kit.ts, db/postgres/kit.ts), and each dialect's schema.ts exports the result
 * for drizzle-kit and the code. Names, types, defaults, indexes and constraints must stay what the
 * committed migrations hold; `npm run db:generate` then finds nothing to do.
 */
import type { Dialect } from "./database.js";
import type { Kit } from "./kit.js";
import { accessTables } from "./tables/access.js";
import { chatTables } from "./tables/chat.js";
import { directoryTables } from "./tables/directory.js";
import { outboxTables } from "./tables/outbox.js";
import { portalTables } from "./tables/portal.js";
import { secretTables } from "./tables/secrets.js";

export function defineTables<D extends Dialect>(k: Kit<D>) {
  const directory = directoryTables(k);
  const secrets = secretTables(k, directory);
  const access = accessTables(k, directory);
  const chat = chatTables(k, { ...directory, accessRequests: access.accessRequests });
  const outbox = outboxTables(k);
  const portal = portalTables(k, directory);
  return { ...directory, ...secrets, ...access, ...chat, ...outbox, ...portal };
}
