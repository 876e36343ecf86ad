/** Wording that only Slack needs; everything shared lives in src/messages/. Same voice: short, says what to do next. */
import { lineOf } from "../../src/commands/actions.js";
import { commandNames } from "../../src/commands/names.js";
import { chatText } from "../../src/messages/chat.js";
import { secretFormText } from "../../src/messages/secrets.js";

/** The slash command the app's manifest declares; every command is typed after it. */
export const SLASH_COMMAND = "/secrets";

/** A command as a person types it in Slack: `/secrets show Demo-Search`. */
const slashed = (name: keyof typeof commandNames, ...words: string[]) =>
  `\`${SLASH_COMMAND} ${lineOf(commandNames[name], ...words)}\``;

export const slackText = {
  ...chatText,
  noEmail: () =>
    "I can't see your e-mail address in Slack, and I know people by e-mail. Ask your Slack admin to check that Secret Steward is installed with the `users:read.email` permission and that your Slack account has an e-mail address.",
  unconfirmedEmail: () =>
    "Your e-mail address in Slack is not confirmed yet, so I can't tell who you are. Confirm it (Slack sent you a mail), then try again.",
  notInChannel: () =>
    "I'm not a member of this channel, so I couldn't post alerts here. Type `/invite @Secret Steward` in this channel, then run the command again.",
  loading: () => "⏳ Working on it…",
  creating: () => secretFormText.creating(),
  modalFailed: () => "❌ Slack did not let me open a window for this, so nothing was changed. Please try again.",
  shareButton: () => "Share in channel",
  sharedBy: (userId: string) => `Shared by <@${userId}>. Type ${slashed("list")} for your own view.`,
  staticAction: (command: string) => `\`${SLASH_COMMAND} ${command}\``,
  revealNotShown: (application: string) =>
    `⚠️ I created a client secret for ${application} but could not show it to you (was the window closed?), so I deleted it again. Nothing changed: create a new one with ${slashed("create", application)}.`,
  revealLater: () =>
    `When your systems use the new secret, delete the old one with the command shown, or with its Delete button in ${slashed("show", "<app>")}.`,
  homeIntro: () =>
    `Your applications and the secrets that expire in the next 30 days. Type ${slashed("help")} in any channel for every command; answers are only shown to you.`,
};
