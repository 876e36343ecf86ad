/**
 * Puts an answer into a modal with views.update: a form, a reply, or the one-time reveal. The reveal
 * is the only Slack call that ever carries a secret value; if it cannot be shown, the secret is
 * deleted again, because a secret nobody has seen is of no use and must not stay valid.
 */
import type { webApi } from "@slack/bolt";
import { lookupApplication } from "../../src/access.js";
import type { Ctx, Deps } from "../../src/context.js";
import type { Reply, SecretReveal } from "../../src/reply.js";
import { deleteClientSecret } from "../../src/verbs/delete-client-secret.js";
import { formView } from "./create-form.js";
import type { SlackUser } from "./identity.js";
import { replyView, revealView } from "./modal-views.js";
import { slackFailure } from "./slack-logger.js";
import { slackText } from "./slack-messages.js";

type Where = { deps: Deps; client: webApi.WebClient; user: SlackUser };

function viewFor(reply: Reply) {
  if (reply.secret) return revealView({ ...reply, secret: reply.secret });
  if (reply.form) return formView({ ...reply, form: reply.form });
  return replyView(reply);
}

/** Replaces the modal's content with the answer. */
export async function showInModal(where: Where, ctx: Ctx | undefined, viewId: string, reply: Reply): Promise<void> {
  try {
    await where.client.views.update({ view_id: viewId, view: viewFor(reply) });
  } catch (error) {
    where.deps.log.warn(slackFailure(error), "could not update a modal");
    if (reply.secret && ctx) await withdrawUnseen(where, ctx, reply.secret);
  }
}

/** Deletes a secret whose value could not be shown, and tells its creator in a direct message (without the value). */
export async function withdrawUnseen(where: Where, ctx: Ctx, secret: SecretReveal): Promise<void> {
  const { log } = where.deps;
  try {
    const app = await lookupApplication(ctx.db, secret.clientId);
    if (app) await deleteClientSecret(ctx, { applicationId: app.id, keyId: secret.keyId });
    log.warn({ keyId: secret.keyId, hint: secret.hint }, "a new secret could not be shown, so it was deleted again");
  } catch (error) {
    log.error({ err: error, keyId: secret.keyId }, "could not delete a secret that was never shown");
  }
  try {
    await where.client.chat.postMessage({
      channel: where.user.userId,
      text: slackText.revealNotShown(secret.applicationName),
    });
  } catch (error) {
    log.warn(slackFailure(error), "could not tell the person about the withdrawn secret");
  }
}
