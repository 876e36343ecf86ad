/** Who and what the bot knows: organisations, their applications and contacts, people, administrators. */
import { sql } from "drizzle-orm";
import { createdAt, id, integer, json, text } from "../columns.js";
import type { Dialect } from "../database.js";
import type { Kit } from "../kit.js";
import { index, primaryKey, uniqueIndex } from "../table-parts.js";
import { providerNames } from "../vocabulary.js";

export function directoryTables<D extends Dialect>(k: Kit<D>) {
  const organisations = k.table(
    "organisations",
    {
      id: id(),
      name: text("name").notNull(),
      createdAt: createdAt(),
    },
    (t) => [uniqueIndex("organisations_name_unique", [sql`lower(${t.name})`])],
  );

  const applications = k.table(
    "applications",
    {
      id: id(),
      organisationId: integer("organisation_id")
        .notNull()
        .references(() => organisations.id, { onDelete: "restrict" }),
      name: text("name").notNull(),
      /** Permanent OAuth2 client_id; never changes once registered. */
      clientId: text("client_id").notNull().unique(),
      /** API identifiers the application may call (token `aud` and allowed scopes). */
      apis: json("apis").$type<string[]>().notNull().default([]),
      provider: text("provider", providerNames).notNull(),
      /** The provider's own reference, e.g. the Entra app registration's object id. */
      providerRef: text("provider_ref"),
      createdAt: createdAt(),
    },
    (t) => [
      uniqueIndex("applications_name_unique", [sql`lower(${t.name})`]),
      index("applications_organisation_idx", [t.organisationId]),
      // Covering for finding the organisation of many applications at once: the reminder planning joins
      // every secret in its expiry window to it, and this is a fraction of the table's pages.
      index("applications_id_organisation_idx", [t.id, t.organisationId]),
    ],
  );

  const people = k.table("people", {
    id: id(),
    /** Lower-cased e-mail: the one identity across Slack, Teams and the console. */
    email: text("email").notNull().unique(),
    displayName: text("display_name"),
    createdAt: createdAt(),
  });

  const administrators = k.table("administrators", {
    personId: integer("person_id")
      .primaryKey()
      .references(() => people.id, { onDelete: "cascade" }),
    addedBy: text("added_by").notNull(),
    createdAt: createdAt(),
  });

  const contacts = k.table(
    "contacts",
    {
      organisationId: integer("organisation_id")
        .notNull()
        .references(() => organisations.id, { onDelete: "cascade" }),
      email: text("email").notNull(),
      createdAt: createdAt(),
    },
    (t) => [primaryKey(t.organisationId, t.email)],
  );

  return { organisations, applications, people, administrators, contacts };
}
