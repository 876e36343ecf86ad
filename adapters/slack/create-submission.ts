/**
 * Submitting the create (or rotate) modal. The input is checked before ack() so problems come back
 * beside the fields; then the modal says "Creating…" and the core's form flow runs as the person
 * (authorised again), and the same modal shows its answer: the one-time reveal, or why not.
 */
import type { App } from "@slack/bolt";
import { errorReply } from "../../src/commands/chat-error.js";
import { submitCreateForm } from "../../src/commands/create-form.js";
import { type Ctx, type Deps, withActor } from "../../src/context.js";
import { type Reply, reply as textReply } from "../../src/reply.js";
import { refreshHome } from "./app-home.js";
import { CREATE_CALLBACK, readCreateForm } from "./create-form.js";
import { slackActor } from "./identity.js";
import { yieldToOtherRequests } from "./interaction.js";
import { showInModal } from "./modal-reply.js";
import { waitingView } from "./modal-views.js";
import { slackText } from "./slack-messages.js";

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
    let ctx: Ctx | undefined;
    let reply: Reply;
    try {
      ctx = withActor(deps, await slackActor(deps, client, user));
      const outcome = await submitCreateForm(ctx, check.input, { canRevealSecrets: true });
      // Problems were shown before ack(); one found now (the clock moved past midnight) is said in the modal.
      reply =
        outcome.kind === "reply"
          ? outcome.reply
          : textReply("error", `❌ ${Object.values(outcome.problems).join(" ")}`);
    } catch (error) {
      reply = errorReply(error, deps.log);
    }
    await showInModal({ deps, client, user }, ctx, view.id, reply);
    if (ctx && reply.secret) await refreshHome(deps, client, user);
  });
}
