import { eq } from "drizzle-orm";
import type { Schema } from "../../db/database.js";
import type { Ctx } from "../context.js";
import { AppError } from "../errors.js";
import { errors } from "../messages/errors.js";
import { providerLabels } from "../messages/provider.js";
import type { ApplicationRow } from "../policy.js";

export type ClientSecretRow = Schema["clientSecrets"]["$inferSelect"];

/**
 * Finds one secret of an application by key id, hint (with or without the prefix, and with the "…" that
 * `show` puts after it, so a hint copied from there works) or a key id prefix of at least 8 characters;
 * refuses to guess between two, and refuses a certificate (the bot never deletes one).
 */
export async function findClientSecret(ctx: Ctx, app: ApplicationRow, ref: string): Promise<ClientSecretRow> {
  const needle = ref.trim().replace(/(…|\.\.\.)$/u, "");
  const { clientSecrets } = ctx.db.t;
  const secrets = await ctx.db.select().from(clientSecrets).where(eq(clientSecrets.applicationId, app.id));
  const exact = secrets.filter((s) => s.keyId === needle || s.hint === needle);
  const matches =
    exact.length > 0
      ? exact
      : secrets.filter(
          (s) =>
            s.hint.endsWith(`_${needle}`) ||
            (needle.length >= 8 && s.keyId.toLowerCase().startsWith(needle.toLowerCase())),
        );
  const [match, ...others] = matches;
  const { surface } = ctx.actor;
  if (!match) throw new AppError("NOT_FOUND", errors.secretNotFound(needle, app.name, surface));
  if (others.length > 0) throw new AppError("VALIDATION", errors.secretAmbiguous(needle, app.name, surface));
  if (match.kind === "certificate") {
    throw new AppError("VALIDATION", errors.certificateNotDeletable(providerLabels[app.provider], app.name));
  }
  return match;
}
