/** Wording that only Microsoft Teams needs; everything shared lives in src/messages/. Same voice as elsewhere. */
import { lineOf, typed } from "../../src/commands/actions.js";
import { commandNames } from "../../src/commands/names.js";
import { chatText } from "../../src/messages/chat.js";

export const teamsText = {
  ...chatText,
  noEmail: () =>
    "Microsoft Teams did not tell me your e-mail address or sign-in name, and I know people by e-mail. Ask your Teams administrator to check your account, then try again.",
  whoAreYouFailed: () =>
    "❌ Microsoft Teams did not tell me who you are just now, so nothing was changed. Try again in a minute.",
  noTenant: () => "❌ This message did not come from a Microsoft Teams organisation, so I can't tell who you are.",
  continueInPersonal: (line: string) =>
    `⏳ Secret values are only shown in our personal chat, so I continue \`${line}\` there: look for my message in your chat with Secret Steward.`,
  personalChatFailed: () =>
    `❌ I couldn't open our personal chat, so nothing was created. Open Secret Steward under Apps in Teams (or add it to your chats), say ${typed("help")} there, then try again.`,
  welcome: () =>
    `👋 Hi, I'm Secret Steward: I look after the client secrets of your API applications. Type ${typed("help")} for the commands you can use.`,
  welcomeTeam: () =>
    `👋 Hi, I'm Secret Steward. Mention me with a command, e.g. \`@Secret Steward ${commandNames.list}\`; a manager can route expiry alerts here with \`@Secret Steward ${lineOf(commandNames.alerts, "here", "<organisation>")}\`. Secret values are only ever shown in a personal chat.`,
  valueLabel: () => "Secret value (shown this once)",
  hideValue: () => "I have stored it: hide the value",
  valueHidden: (application: string) =>
    `🔒 The value of this secret is no longer shown here; only its hint remains. Type ${typed("show", application)} for the secrets of ${application}.`,
  answeredBelow: () => "Answered below.",
  badAction: () => `❌ I don't know that button. Type ${typed("help")} for the commands you can use.`,
};
