import { randomUUID } from "node:crypto";
import { z } from "zod";
import { writeAudit } from "../audit.js";
import type { Ctx } from "../context.js";
import { AppError } from "../errors.js";
import { errors } from "../messages/errors.js";
import { nameText, reference } from "../names.js";
import { type ApplicationRow, requireAdministrator } from "../policy.js";
import { lookupApplication } from "./find-application.js";
import { findOrganisation } from "./find-organisation.js";

/**
 * An API name is what API clients ask for in the token request's `scope`, and what the token's `scope`
 * lists, space-separated: so it is one scope token (RFC 6749 §3.3: printable ASCII but space, `"` and `\`).
 */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
export const apiName = nameText("An API name", 200).refine((name) => SCOPE_TOKEN.test(name), {
  error: (issue) => errors.apiNameNotScope(String(issue.input)),
});

export const AddApplicationInput = z.object({
  name: nameText("The application name", 100).regex(/^[^\s"'“”]+$/, {
    error: "An application name cannot contain spaces or quotes; use dashes, e.g. Partner-NL-Search.",
  }),
  organisation: reference("organisation the application belongs to"),
  apis: z.array(apiName).default([]),
  clientId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._~-]{8,100}$/, { error: "A clientId is 8 to 100 letters, digits, '.', '_', '~' or '-'." })
    .optional(),
  providerRef: z.string().optional(),
});
export type AddApplicationInput = z.input<typeof AddApplicationInput>;

/** Registers an application with a permanent clientId (a new UUID unless given). Administrators only. */
export async function addApplication(
  ctx: Ctx,
  raw: AddApplicationInput,
): Promise<ApplicationRow & { organisationName: string }> {
  await requireAdministrator(ctx, "add applications");
  const input = AddApplicationInput.parse(raw);
  const org = await findOrganisation(ctx.db, input.organisation, ctx.actor.surface);
  const clientId = input.clientId ?? randomUUID();
  if (await lookupApplication(ctx.db, input.name)) throw new AppError("CONFLICT", errors.applicationExists("name"));
  if (await lookupApplication(ctx.db, clientId)) throw new AppError("CONFLICT", errors.applicationExists("clientId"));
  return ctx.db.transaction(async (tx) => {
    const [app] = await tx
      .insert(ctx.db.t.applications)
      .values({
        organisationId: org.id,
        name: input.name,
        clientId,
        apis: [...new Set(input.apis)],
        provider: ctx.provider.name,
        providerRef: input.providerRef ?? null,
        createdAt: ctx.clock.now(),
      })
      .returning();
    if (!app) throw new Error("the application row was not written");
    await writeAudit(tx, ctx, {
      action: "application.added",
      target: app.name,
      organisationId: org.id,
      applicationId: app.id,
      detail: { clientId, apis: app.apis },
    });
    return { ...app, organisationName: org.name };
  });
}
