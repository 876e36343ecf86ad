/**
 * Submitting the create (or rotate) modal. The input is checked before ack() so problems come back
 * beside the fields; then the modal says "Creating…", the person's grant is checked again, the secret
 * is created, and the same modal reveals it.
 */
import type { App, webApi } from "@slack/bolt";
import { errorReply } from "../../src/commands/chat-error.js";
import { rotate } from "../../src/commands/secret-commands.js";
import { type Ctx, type Deps, withActor } from "../../src/context.js";
import { secretCreated } from "../../src/messages/secrets.js";
import type { Reply } from "../../src/reply.js";
import { createClientSecret } from "../../src/verbs/create-client-secret.js";
import { refreshHome } from "./app-home.js";
import { CREATE_CALLBACK, type CreateFormInput, readCreateForm } from "./create-form.js";
import { type SlackUser, slackActor } from "./identity.js";
import { yieldToOtherRequests } from "./interaction.js";
import { showInModal } from "./modal-reply.js";
import { waitingView } from "./modal-views.js";
import { slackText } from "./slack-messages.js";

async function create(
  deps: Deps,
  client: webApi.WebClient,
  user: SlackUser,
  form: CreateFormInput,
): Promise<{ ctx?: Ctx; reply: Reply }> {
  let ctx: Ctx | undefined;
  try {
    ctx = withActor(deps, await slackActor(deps, client, user));
    const input = { application: form.application, displayName: form.displayName, expires: form.expiresOn };
    const reply = form.isRotation ? await rotate(ctx, input) : secretCreated(await createClientSecret(ctx, input));
    return { ctx, reply };
  } catch (error) {
    return { ...(ctx ? { ctx } : {}), reply: errorReply(error, deps.log) };
  }
}

export function registerCreateSubmission(app: App, deps: Deps): void {
  app.view(CREATE_CALLBACK, async ({ ack, body, view, client }) => {
    const check = readCreateForm(deps, view);
    if (!check.ok) {
      await ack({ response_action: "errors", errors: check.errors });
      return;
    }
    await ack({ response_action: "update", view: waitingView(slackText.creating(check.input.applicationName)) });
    await yieldToOtherRequests();
    const user = { teamId: body.team?.id ?? body.user.team_id ?? "", userId: body.user.id };
    const { ctx, reply } = await create(deps, client, user, check.input);
    await showInModal({ deps, client, user }, ctx, view.id, reply);
    if (ctx && reply.secret) await refreshHome(deps, client, user);
  });
}
