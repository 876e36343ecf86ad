/**
 * Puts an answer into a modal with views.update: a form, a reply, or the one-time reveal. The reveal
 * is the only Slack call that ever carries a secret value; if it cannot be shown, the core withdraws
 * the secret, because a secret nobody has seen is of no use and must not stay valid.
 */
import type { webApi } from "@slack/bolt";
import type { Ctx, Deps } from "../../src/context.js";
import type { Reply, SecretReveal } from "../../src/reply.js";
import { withdrawUnseenSecret } from "../../src/verbs/withdraw-unseen-secret.js";
import { formView } from "./form-view.js";
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

/** Withdraws a secret whose value could not be shown, and tells its creator in a direct message (without the value). */
export async function withdrawUnseen(where: Where, ctx: Ctx, secret: SecretReveal): Promise<void> {
  try {
    await withdrawUnseenSecret(ctx, secret);
  } catch (error) {
    where.deps.log.error({ err: error, keyId: secret.keyId }, "could not withdraw a secret that was never shown");
  }
  try {
    await where.client.chat.postMessage({
      channel: where.user.userId,
      text: slackText.revealNotShown(secret.applicationName),
    });
  } catch (error) {
    where.deps.log.warn(slackFailure(error), "could not tell the person about the withdrawn secret");
  }
}
