/**
 * Rows that verb tests read back, and credentials they put straight into the database where no verb
 * makes one (a certificate, a secret found at the provider, one deactivated in the provider's console).
 */
import { asc } from "drizzle-orm";
import type { Schema } from "../../db/database.js";
import type { AuditAction } from "../../src/audit.js";
import type { ApplicationRow } from "../../src/people.js";
import { lookupApplication } from "../../src/verbs/find-application.js";
import type { TestRuntime } from "./runtime.js";

/** The application row with this name or clientId; fails the test when there is none. */
export async function applicationNamed(rt: TestRuntime, ref: string): Promise<ApplicationRow> {
  const app = await lookupApplication(rt.db, ref);
  if (!app) throw new Error(`there is no application ${ref}`);
  return app;
}

/** Audit entries in the order they were written, only those with `action` when given. */
export async function auditOf(rt: TestRuntime, action?: AuditAction) {
  const { auditEntries } = rt.db.t;
  const rows = await rt.db.select().from(auditEntries).orderBy(asc(auditEntries.id));
  return action ? rows.filter((e) => e.action === action) : rows;
}

type CredentialFields = Partial<Schema["clientSecrets"]["$inferInsert"]> & { keyId: string; expiresAt: Date };

/** Writes one credential row of an application as it is given (no provider is asked). */
export async function insertCredential(rt: TestRuntime, applicationId: number, fields: CredentialFields) {
  const { clientSecrets } = rt.db.t;
  await rt.db.transaction((tx) =>
    tx.insert(clientSecrets).values({
      applicationId,
      displayName: `Credential ${fields.keyId}`,
      hint: "ext",
      createdAt: rt.clock.now(),
      ...fields,
    }),
  );
}
