/** Slack's payloads, from the recorded fixtures, with the parts a test varies filled in. */
import { CHANNEL_ID, fixture, postSigned, type SlackSetup } from "./slack.js";

const FORM = "application/x-www-form-urlencoded" as const;

export function slashCommandBody(
  s: SlackSetup,
  userId: string,
  text: string,
  channelId = CHANNEL_ID,
  responseUrl = s.fake.responseUrl(),
): string {
  const fields = fixture<Record<string, string>>("slash-command");
  return new URLSearchParams({
    ...fields,
    user_id: userId,
    user_name: userId.toLowerCase(),
    text,
    channel_id: channelId,
    channel_name: channelId.startsWith("D") ? "directmessage" : "ops",
    response_url: responseUrl,
  }).toString();
}

/** The answer posted to this response_url. */
export const answerAt = (s: SlackSetup, responseUrl: string, count = 1) =>
  s.fake.waitFor("response_url", (c) => c.path === new URL(responseUrl).pathname, count);

/** `/secrets <text>` typed by the user; `answer()` waits for what the bot posts to its response_url. */
export async function slash(s: SlackSetup, userId: string, text: string, channelId?: string) {
  const responseUrl = s.fake.responseUrl();
  const signed = await postSigned(s.base, slashCommandBody(s, userId, text, channelId, responseUrl), FORM);
  return { ...signed, answer: () => answerAt(s, responseUrl).then((c) => c.body) };
}

export type ClickWhere = { in: "message" } | { in: "home" } | { in: "modal"; viewId: string };

/** A click on a button whose value is `value`, in a message, the Home tab or a modal. */
export async function click(
  s: SlackSetup,
  userId: string,
  value: string,
  where: ClickWhere = { in: "message" },
  actionId = "steward:run:1",
) {
  const name =
    where.in === "message"
      ? "block-actions-message"
      : where.in === "home"
        ? "block-actions-home"
        : "block-actions-modal";
  const payload = fixture<
    Record<string, unknown> & { actions: Record<string, unknown>[]; view?: Record<string, unknown> }
  >(name);
  payload.user = { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: "T0PARTNER" };
  payload.actions = [{ ...payload.actions[0], action_id: actionId, value }];
  const responseUrl = s.fake.responseUrl();
  if (where.in === "message") payload.response_url = responseUrl;
  if (where.in === "modal") {
    payload.view = { ...payload.view, id: where.viewId, root_view_id: where.viewId };
    payload.container = { type: "view", view_id: where.viewId };
  }
  const signed = await postSigned(s.base, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM);
  return { ...signed, answer: () => answerAt(s, responseUrl).then((c) => c.body) };
}

export type FormInput = {
  viewId: string;
  metadata: string;
  displayName: string | null;
  expiresOn: string | null;
  /** The modal's callback id; the general form's unless a test says otherwise. */
  callbackId?: string;
};

/** Submits the create modal with these values. */
export function submitForm(s: SlackSetup, userId: string, input: FormInput) {
  const payload = fixture<Record<string, unknown> & { view: Record<string, unknown> }>("view-submission");
  payload.user = { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: "T0PARTNER" };
  payload.view = {
    ...payload.view,
    id: input.viewId,
    root_view_id: input.viewId,
    ...(input.callbackId ? { callback_id: input.callbackId } : {}),
    private_metadata: input.metadata,
    state: {
      values: {
        display_name: { value: { type: "plain_text_input", value: input.displayName } },
        expires_on: { value: { type: "datepicker", selected_date: input.expiresOn } },
      },
    },
  };
  return postSigned(s.base, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM);
}

/** The user opens the bot's Home tab. */
export function openHome(s: SlackSetup, userId: string) {
  const payload = fixture<Record<string, unknown> & { event: Record<string, unknown> }>("app-home-opened");
  payload.event = { ...payload.event, user: userId };
  return postSigned(s.base, JSON.stringify(payload), "application/json");
}
