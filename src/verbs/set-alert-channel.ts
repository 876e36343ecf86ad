import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { writeAudit } from "../audit.js";
import type { Ctx } from "../context.js";
import { reference } from "../names.js";
import { authoriseAlertRouting } from "../policy.js";

export const SetAlertChannelInput = z.object({
  organisation: reference("organisation"),
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
  const org = await authoriseAlertRouting(ctx, input.organisation);
  const { alertChannels } = ctx.db.t;
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
        addedBy: ctx.actor.name,
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
