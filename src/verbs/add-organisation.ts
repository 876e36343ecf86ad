import { z } from "zod";
import { contacts, organisations } from "../../db/schema.js";
import { Email, requireAdmin } from "../access.js";
import { writeAudit } from "../audit.js";
import type { Ctx } from "../context.js";
import { AppError } from "../errors.js";
import { errors } from "../messages/errors.js";
import { lookupOrganisation, type OrganisationRow } from "./find-organisation.js";

export const AddOrganisationInput = z.object({
  name: z.string().trim().min(1, "Give the organisation a name.").max(100),
  contacts: z.array(Email).default([]),
});
export type AddOrganisationInput = z.input<typeof AddOrganisationInput>;

/** Registers an organisation and its e-mail contacts (who also hear expiry reminders). Administrators only. */
export function addOrganisation(ctx: Ctx, raw: AddOrganisationInput): OrganisationRow {
  requireAdmin(ctx, "add organisations");
  const input = AddOrganisationInput.parse(raw);
  if (lookupOrganisation(ctx.db, input.name)) throw new AppError("CONFLICT", errors.organisationExists(input.name));
  return ctx.db.transaction((tx) => {
    const org = tx.insert(organisations).values({ name: input.name, createdAt: ctx.clock.now() }).returning().get();
    writeAudit(tx, ctx, { action: "organisation.added", target: org.name, organisationId: org.id, detail: {} });
    for (const email of input.contacts) {
      tx.insert(contacts).values({ organisationId: org.id, email }).onConflictDoNothing().run();
      writeAudit(tx, ctx, { action: "contact.added", target: org.name, organisationId: org.id, detail: { email } });
    }
    return org;
  });
}
