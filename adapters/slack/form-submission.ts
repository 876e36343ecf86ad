/**
 * Submitting any form modal. Its values are checked before ack() — by the core, without the database
 * or a Web API call, as Slack wants an answer within three seconds — so problems come back beside the
 * fields. Then the modal says what is happening, the form runs as the person (found again from their
 * Slack user id, authorised again by its command), and the same modal shows the answer: the one-time
 * reveal, a reply, or the form again with a problem only found now.
 */
import type { App } from "@slack/bolt";
import { actAs } from "../../src/commands/act-as.js";
import { checkForm, submitForm } from "../../src/commands/submit-form.js";
import type { Deps } from "../../src/context.js";
import { errors } from "../../src/messages/errors.js";
import { markAcked, markListening } from "./ack-timing.js";
import { refreshHome } from "./app-home.js";
import { blockErrors, FORM_CALLBACK, readSubmission } from "./form-view.js";
import { slackActor } from "./identity.js";
import { slackEnv } from "./interaction.js";
import { showInModal } from "./modal-reply.js";
import { waitingView } from "./modal-views.js";
import { yieldToOtherRequests } from "./work-after-ack.js";

/** The create and rotate modal before forms were general; one open across an upgrade is answered, not dropped. */
const EARLIER_CREATE_CALLBACK = "steward:create-secret";

export function registerFormSubmission(app: App, deps: Deps): void {
  app.view(EARLIER_CREATE_CALLBACK, async ({ ack }) => {
    await ack({ response_action: "errors", errors: { display_name: errors.formOutdated() } });
  });
  app.view(FORM_CALLBACK, async ({ ack, body, view, client, context }) => {
    markListening(context);
    const { command, values, progress } = readSubmission(view);
    const problems = checkForm(deps, command, values);
    if (Object.keys(problems).length > 0) {
      await ack({ response_action: "errors", errors: blockErrors(problems) });
      markAcked(context);
      return;
    }
    await ack({ response_action: "update", view: waitingView(progress) });
    markAcked(context);
    await yieldToOtherRequests();
    const user = { teamId: body.team?.id ?? body.user.team_id ?? "", userId: body.user.id };
    const acting = await actAs(
      deps,
      () => slackActor(deps, client, user),
      (ctx) => submitForm(ctx, command, values, slackEnv(client, user.teamId)),
    );
    if ("refusal" in acting) {
      await showInModal({ deps, client, user }, undefined, view.id, acting.refusal);
      return;
    }
    const { ctx, result: outcome } = acting;
    const reply = outcome.kind === "reply" ? outcome.reply : outcome.form;
    await showInModal({ deps, client, user }, ctx, view.id, reply);
    if (outcome.kind === "reply" && reply.tone === "success" && outcome.traits.changesSecrets) {
      await refreshHome(deps, client, user);
    }
  });
}
