/** Every refusal the core can give, worded once. Each says what to do next. */
import type { Access } from "../policy.js";
import { list } from "./format.js";

const askAdmins = (admins: string[]) =>
  admins.length > 0 ? `ask an administrator (${list(admins)})` : "ask your administrator";

export const errors = {
  badEmail: (raw: string) => `"${raw}" is not an e-mail address. Use the form name@example.org.`,
  applicationNotFound: (ref: string, admins: string[]) =>
    `I can't find an application "${ref}" that you have access to. Type \`list\` to see yours; for access, ${askAdmins(admins)}.`,
  organisationNotFound: (ref: string) =>
    `There is no organisation "${ref}". Check the name, or add it with \`steward org add\`.`,
  notAManager: (app: string, access: Access, managers: string[]) =>
    `You are ${access === "administrator" ? "an administrator" : "a viewer"} of ${app}; only its credential managers can change its secrets. ${
      managers.length > 0 ? `Ask ${list(managers)}` : "Ask an administrator to name a credential manager"
    }.`,
  adminOnly: (what: string, admins: string[]) =>
    `Only administrators can ${what}. If you need this, ${askAdmins(admins)}.`,
  secretNotFound: (ref: string, app: string) =>
    `${app} has no secret "${ref}". Type \`show ${app}\` to see its secrets' hints and key ids.`,
  secretAmbiguous: (ref: string, app: string) =>
    `More than one secret of ${app} starts with "${ref}". Use the key id from \`show ${app}\`.`,
  tooManyActive: (app: string, max: number) =>
    `${app} already has ${max} unexpired secrets, the most allowed. Delete one you no longer use (\`show ${app}\`), then try again.`,
  expiryInPast: (min: string) => `The expiry date must be in the future: ${min} at the earliest.`,
  expiryTooLate: (max: string, days: number) => `A secret can live at most ${days} days: choose ${max} or earlier.`,
  badExpiry: (raw: string) => `"${raw}" is not an expiry. Use a date like 2027-03-01 or a number of days like 90d.`,
  databaseUnavailable: () => "❌ The database is not answering right now. Try again in a minute.",
  displayNameRequired: () => "Give the secret a display name, e.g. Secret by Ann.",
  expiryRequired: () => "Choose an expiry date.",
  displayNameTooLong: (max: number) => `The display name can be at most ${max} characters.`,
  confirmationUnknown: () => "That confirmation does not exist. Run the command again to get a new one.",
  confirmationUsed: () => "✅ This was already done; nothing more to do.",
  confirmationExpired: (minutes: number) =>
    `This confirmation expired (they last ${minutes} minutes) and nothing was changed. Run the command again.`,
  confirmationNotYours: () =>
    "This confirmation belongs to the person who asked for it; nothing was changed. Run the command yourself if you need it.",
  organisationExists: (name: string) => `An organisation called "${name}" already exists.`,
  applicationExists: (what: string) => `An application with that ${what} already exists.`,
  needsPerson: (what: string) =>
    `To ${what}, say who you are with --as <email>: secrets are always created and deleted by a person.`,
  auditNotAllowed: (app: string) => `Only administrators and credential managers of ${app} can read its audit entries.`,
  alertsNotAllowed: (organisation: string, admins: string[]) =>
    `Only administrators and credential managers of all of ${organisation} can route its alerts. Ask ${admins.length > 0 ? list(admins) : "your administrator"}.`,
  alertsNeedChannel: () =>
    "`alerts here` works in a Slack or Teams channel: type it in the channel that should get the alerts.",
  internal: (ref: string) =>
    `❌ Something went wrong (ref ${ref}). Nothing secret was lost; try again, and tell your administrator the ref if it persists.`,
  providerUnavailable: (what: string) => `❌ ${what} is not answering; nothing was changed. Try again in a minute.`,
  providerRefused: (what: string, permission: string) =>
    `❌ ${what} refused the request; nothing was changed. Ask an administrator to check that ${permission}.`,
  providerCredentialsRefused: (what: string, check: string) =>
    `❌ ${what} refused the bot's own credentials; nothing was changed. Ask an administrator to check ${check}.`,
  providerApplicationMissing: (what: string, clientId: string, noun: string, check: string) =>
    `❌ ${what} has no ${noun} with clientId ${clientId} that the bot may manage; nothing was changed. Ask an administrator to check ${check}.`,
  providerFilterRejected: (filter: string, example: string) =>
    `The filter "${filter}" was not accepted. Use ${example}.`,
  providerCannotImport: (provider: string) =>
    `The secret provider in use (${provider}) keeps no applications of its own to import or sync. This needs SECRET_PROVIDER=entra, keycloak or okta.`,
  providerFull: (what: string, app: string, max: number) =>
    `${what} holds at most ${max} secrets per application, and ${app} has ${max}. Delete one you no longer use (\`show ${app}\`), then try again.`,
  goAheadReplacing: (keyId: string) =>
    `To go ahead anyway, run the same command with --replacing ${keyId}; or delete that secret first.`,
  providerKeepsOnlySecret: (what: string, app: string) =>
    `${what} does not deactivate the only secret of an application, so ${app} keeps it for now. Create a new secret first, then delete this one.`,
  certificateNotDeletable: (what: string, app: string) =>
    `That is a certificate of ${app}: the bot lists certificates and reminds you of them, but never deletes or creates them. Remove it in the ${what} portal.`,
};
