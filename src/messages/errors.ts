/**
 * Every refusal the core can give, worded once. Each says what to do next, in the words of the surface
 * it is said on: chat commands in chat and the console, `steward …` commands at the CLI.
 */
import type { Surface } from "../context.js";
import type { Access } from "../policy.js";
import { askAdmins, isoMinute, list } from "./format.js";

const isCli = (surface: Surface) => surface === "cli";
const seeSecrets = (app: string, surface: Surface) =>
  isCli(surface) ? `Run \`steward secret list --app ${app}\`` : `Type \`show ${app}\``;

export const errors = {
  badEmail: (raw: string) => `"${raw}" is not an e-mail address. Use the form name@example.org.`,
  applicationNotFound: (ref: string, admins: string[], surface: Surface) =>
    isCli(surface)
      ? `I can't find an application "${ref}" (by name or clientId) that you have access to. Check the spelling (names use dashes, e.g. Partner-NL-Search); for access, ${askAdmins(admins)}.`
      : `I can't find an application "${ref}" that you have access to. Type \`list\` to see yours; for access, ${askAdmins(admins)}.`,
  organisationNotFound: (ref: string, surface: Surface) =>
    isCli(surface)
      ? `There is no organisation "${ref}". Check the name, or add it with \`steward org add "${ref}"\`.`
      : `There is no organisation "${ref}". Check the name (put one with spaces in quotes), or ask an administrator to add it.`,
  grantTargetNotFound: (ref: string, what: string, surface: Surface) =>
    isCli(surface)
      ? `There is no ${what} "${ref}". Check the name (an application's clientId works too).`
      : `There is no ${what} "${ref}". Check the name with \`list\`.`,
  grantTargetAmbiguous: (ref: string, clientId: string, surface: Surface) =>
    isCli(surface)
      ? `Both an application and an organisation are called "${ref}". Use --app ${clientId} (the application's clientId) or --org "${ref}".`
      : `Both an application and an organisation are called "${ref}". Use the application's clientId (${clientId}) to mean the application.`,
  notAManager: (app: string, access: Access, managers: string[]) =>
    `You are ${access === "administrator" ? "an administrator" : "a viewer"} of ${app}; only its credential managers can change its secrets. ${
      managers.length > 0 ? `Ask ${list(managers)}` : "Ask an administrator to name a credential manager"
    }.`,
  adminOnly: (what: string, admins: string[]) =>
    `Only administrators can ${what}. If you need this, ${askAdmins(admins)}.`,
  secretNotFound: (ref: string, app: string, surface: Surface) =>
    `${app} has no secret "${ref}". ${seeSecrets(app, surface)} to see its secrets' hints and key ids.`,
  secretAmbiguous: (ref: string, app: string, surface: Surface) =>
    `More than one secret of ${app} starts with "${ref}". Use its key id: ${seeSecrets(app, surface).toLowerCase()} to see them.`,
  tooManyActive: (app: string, max: number, surface: Surface) =>
    `${app} already has ${max} unexpired secrets, the most allowed. Delete one you no longer use (${seeSecrets(app, surface).toLowerCase()} to see them), then try again.`,
  expiryInPast: (min: string) => `The expiry date must be in the future: ${min} at the earliest.`,
  expiryTooLate: (max: string, days: number) => `A secret can live at most ${days} days: choose ${max} or earlier.`,
  badExpiry: (raw: string) => `"${raw}" is not an expiry. Use a date like 2027-03-01 or a number of days like 90d.`,
  databaseUnavailable: () => "❌ The database is not answering right now. Try again in a minute.",
  displayNameRequired: () => "Give the secret a display name, e.g. Secret by Ann.",
  expiryRequired: () => "Choose an expiry date.",
  formOutdated: () => "This form is out of date: close it and run the command again.",
  nameRequired: (what: string) => `${what} cannot be empty.`,
  nameTooLong: (what: string, max: number) => `${what} can be at most ${max} characters.`,
  nameHasControlCharacters: (what: string) =>
    `${what} cannot contain control characters (terminal escapes, line breaks, tabs or direction marks); use letters, digits, spaces and punctuation.`,
  apiNameNotScope: (name: string) =>
    `The API name "${name}" cannot be used: API clients ask for it as an OAuth2 scope, which has no spaces, quotes or backslashes (RFC 6749 §3.3). Use letters, digits and punctuation such as - _ . : /, e.g. search or registry.read.`,
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
  badGrantDays: (raw: string, max: number) =>
    `"${raw}" is not a grant length. Give a number of days from 1 to ${max}, like --for 30d.`,
  notADecider: (admins: string[]) =>
    `Only administrators and credential managers of a whole organisation decide access requests. To ask for access yourself, type \`request <app> manager\`; for anything else, ${askAdmins(admins)}.`,
  ownRequest: () => "Nobody decides their own request; another administrator or manager of the organisation has to.",
  notYourRequestToDecide: (admins: string[]) =>
    `You may not decide that request: requests for an organisation are for administrators, and for an application for its organisation's credential managers. Ask ${admins.length > 0 ? list(admins) : "your administrator"}.`,
  requestDecided: (r: { id: number; status: string; decidedBy: string | null; decidedAt: Date | null }) =>
    `Request #${r.id} was already ${r.status}${r.decidedBy && r.decidedBy !== "system" ? ` by ${r.decidedBy}` : ""}${r.decidedAt ? ` on ${isoMinute(r.decidedAt)}` : ""}; nothing more to do.`,
  requestNameUnknown: (r: { id: number; targetName: string }, surface: Surface) =>
    `There is still no application or organisation "${r.targetName}", so request #${r.id} cannot be approved. ${isCli(surface) ? `Register it first (\`steward app add ${r.targetName} --org …\`)` : "Register it first"} and approve again, or deny it saying which name is right: \`deny ${r.id} --reason "…"\`.`,
  requestUnknown: (id: string) =>
    `There is no access request #${id}. Type \`requests\` for the open ones you may decide.`,
  auditPerApplication: () => "Managers can type `audit <app>`.",
  auditNotAllowed: (app: string) => `Only administrators and credential managers of ${app} can read its audit entries.`,
  alertsNotAllowed: (organisation: string, admins: string[]) =>
    `Only administrators and credential managers of all of ${organisation} can route its alerts. Ask ${admins.length > 0 ? list(admins) : "your administrator"}.`,
  alertsNeedChannel: (isOn: boolean) =>
    isOn
      ? "`alerts here` works in a Slack or Teams channel: type it in the channel that should get the alerts."
      : "`alerts off` works in a Slack or Teams channel: type it in the channel that should stop getting the alerts.",
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
  reasonTooLong: "Keep the reason under 500 characters.",
  blankFilter: "The filter is empty: give one, or leave out --filter to import every application.",
  filterTooLong: "Keep the filter under 2000 characters.",
  badReplacing: "--replacing takes the key id of one secret, as `show` lists it.",
  goAheadReplacing: (keyId: string) =>
    `To go ahead anyway, run the same command with --replacing ${keyId}; or delete that secret first.`,
  providerKeepsOnlySecret: (what: string, app: string) =>
    `${what} does not deactivate the only secret of an application, so ${app} keeps it for now. Create a new secret first, then delete this one.`,
  certificateNotDeletable: (what: string, app: string) =>
    `That is a certificate of ${app}: the bot lists certificates and reminds you of them, but never deletes or creates them. Remove it in the ${what} portal.`,
};
