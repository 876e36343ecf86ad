import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { administratorEmails } from "../access.js";
import { writeAudit } from "../audit.js";
import type { Ctx } from "../context.js";
import { AppError } from "../errors.js";
import { findOrganisation } from "./find-organisation.js";

export const SetAlertChannelInput = z.object({
  organisation: z.string().trim().min(1),
  isOn: z.boolean(),
  platform: z.enum(["slack", "teams"]),
  workspace: z.string().min(1),
  channelId: z.string().min(1),
  conversationRef: z.record(z.string(), z.unknown()).optional(),
});
export type SetAlertChannelInput = z.infer<typeof SetAlertChannelInput>;

/**
 * Subscribes a chat channel to an organisation's expiry alerts, or unsubscribes it. Administrators and
 * the organisation's credential managers (organisation-wide grant) may do this.
 */
export async function setAlertChannel(
  ctx: Ctx,
  raw: SetAlertChannelInput,
): Promise<{ organisation: string; isChanged: boolean }> {
  const input = SetAlertChannelInput.parse(raw);
  const org = await findOrganisation(ctx.db, input.organisation);
  const { accessGrants, alertChannels } = ctx.db.t;
  const isOrgManager =
    ctx.actor.personId !== null &&
    (
      await ctx.db
        .select()
        .from(accessGrants)
        .where(
          and(
            eq(accessGrants.personId, ctx.actor.personId),
            eq(accessGrants.organisationId, org.id),
            eq(accessGrants.role, "manager"),
          ),
        )
    ).length > 0;
  if (!ctx.actor.isAdmin && !isOrgManager) {
    throw new AppError(
      "FORBIDDEN",
      `Only administrators and credential managers of all of ${org.name} can route its alerts. Ask ${(await administratorEmails(ctx)).join(", ") || "your administrator"}.`,
    );
  }
  const where = and(
    eq(alertChannels.organisationId, org.id),
    eq(alertChannels.platform, input.platform),
    eq(alertChannels.workspace, input.workspace),
    eq(alertChannels.channelId, input.channelId),
  );
  const isChanged = await ctx.db.transaction(async (tx) => {
    const [existing] = await tx.select().from(alertChannels).where(where);
    if (input.isOn) {
      if (existing) {
        await tx
          .update(alertChannels)
          .set({ conversationRef: input.conversationRef ?? existing.conversationRef })
          .where(where);
        return false;
      }
      await tx.insert(alertChannels).values({
        organisationId: org.id,
        platform: input.platform,
        workspace: input.workspace,
        channelId: input.channelId,
        conversationRef: input.conversationRef ?? null,
        addedBy: ctx.actor.email,
        createdAt: ctx.clock.now(),
      });
    } else {
      if (!existing) return false;
      await tx.delete(alertChannels).where(where);
    }
    await writeAudit(tx, ctx, {
      action: input.isOn ? "alert_channel.added" : "alert_channel.removed",
      target: org.name,
      organisationId: org.id,
      detail: { platform: input.platform, channelId: input.channelId },
    });
    return true;
  });
  return { organisation: org.name, isChanged };
}
