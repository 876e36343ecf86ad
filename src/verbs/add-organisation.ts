import { z } from "zod";
import { writeAudit } from "../audit.js";
import type { Ctx } from "../context.js";
import { AppError } from "../errors.js";
import { errors } from "../messages/errors.js";
import { nameText } from "../names.js";
import { Email } from "../people.js";
import { requireAdministrator } from "../policy.js";
import { lookupOrganisation, type OrganisationRow } from "./find-organisation.js";

export const AddOrganisationInput = z.object({
  name: nameText("The organisation name", 100),
  contacts: z.array(Email).default([]),
});
export type AddOrganisationInput = z.input<typeof AddOrganisationInput>;

/** Registers an organisation and its e-mail contacts (who also hear expiry reminders). Administrators only. */
export async function addOrganisation(ctx: Ctx, raw: AddOrganisationInput): Promise<OrganisationRow> {
  await requireAdministrator(ctx, "add organisations");
  const input = AddOrganisationInput.parse(raw);
  if (await lookupOrganisation(ctx.db, input.name))
    throw new AppError("CONFLICT", errors.organisationExists(input.name));
  const { contacts, organisations } = ctx.db.t;
  return ctx.db.transaction(async (tx) => {
    const [org] = await tx.insert(organisations).values({ name: input.name, createdAt: ctx.clock.now() }).returning();
    if (!org) throw new Error("the organisation row was not written");
    await writeAudit(tx, ctx, { action: "organisation.added", target: org.name, organisationId: org.id, detail: {} });
    for (const email of input.contacts) {
      await tx.insert(contacts).values({ organisationId: org.id, email }).onConflictDoNothing();
      await writeAudit(tx, ctx, {
        action: "contact.added",
        target: org.name,
        organisationId: org.id,
        detail: { email },
      });
    }
    return org;
  });
}
