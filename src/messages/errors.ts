/**
 * Every refusal the core can give, worded once. Each says what to do next, in the words of the surface
 * it is said on: chat commands in chat and the console, `steward …` commands at the CLI.
 */
import { typed } from "../commands/actions.js";
import type { Surface } from "../context.js";
import type { Access } from "../policy.js";
import { askAdmins, echo, isoMinute, list } from "./format.js";

const isCli = (surface: Surface) => surface === "cli";
/** How to see an application's secrets; `isMidSentence` starts it in lower case (never the name). */
const seeSecrets = (app: string, surface: Surface, isMidSentence = false) =>
  isCli(surface)
    ? `${isMidSentence ? "run" : "Run"} \`steward secret list --app ${app}\``
    : `${isMidSentence ? "type" : "Type"} ${typed("show", app)}`;

export const errors = {
  badEmail: (raw: string) => `"${echo(raw)}" is not an e-mail address. Use the form name@example.org.`,
  /** An administrator sees every application, so is never told to ask one. */
  applicationNotFound: (ref: string, admins: string[], surface: Surface, isAdmin = false) =>
    isAdmin
      ? isCli(surface)
        ? `There is no application "${echo(ref)}" (by name or clientId). Check the spelling (names use dashes, e.g. Partner-NL-Search); \`steward app list\` lists them.`
        : `There is no application "${echo(ref)}". Type ${typed("list")} to see them all.`
      : isCli(surface)
        ? `I can't find an application "${echo(ref)}" (by name or clientId) that you have access to. Check the spelling (names use dashes, e.g. Partner-NL-Search); for access, ${askAdmins(admins)}.`
        : `I can't find an application "${echo(ref)}" that you have access to. Type ${typed("list")} to see yours; for access, ${askAdmins(admins)}.`,
  organisationNotFound: (ref: string, surface: Surface) =>
    isCli(surface)
      ? `There is no organisation "${echo(ref)}". Check the name with \`steward org list\`, or add it with \`steward org add "${echo(ref)}"\`.`
      : `There is no organisation "${echo(ref)}". Check the name (put one with spaces in quotes), or ask an administrator to add it.`,
  grantTargetNotFound: (ref: string, what: string, surface: Surface) =>
    isCli(surface)
      ? what === "organisation"
        ? `There is no organisation "${echo(ref)}". Check the name with \`steward org list\`.`
        : `There is no ${what} "${echo(ref)}". Check the name with \`steward app list\` (its clientId works too).`
      : `There is no ${what} "${echo(ref)}". Check the name with ${typed("list")}.`,
  grantTargetAmbiguous: (ref: string, clientId: string, surface: Surface) =>
    isCli(surface)
      ? `Both an application and an organisation are called "${echo(ref)}". Use --app ${clientId} (the application's clientId) or --org "${echo(ref)}".`
      : `Both an application and an organisation are called "${echo(ref)}". Use the application's clientId (${clientId}) to mean the application.`,
  notAManager: (app: string, access: Access, managers: string[], surface: Surface) =>
    `You are ${access === "administrator" ? "an administrator" : "a viewer"} of ${app}; only its credential managers can change its secrets. ${
      managers.length > 0
        ? `Ask ${list(managers)}`
        : access === "administrator"
          ? `It has none: name one with ${isCli(surface) ? `\`steward grant <email> --app ${app} --role manager\`` : typed("grant", "<email>", app, "manager")}`
          : "Ask an administrator to name a credential manager"
    }.`,
  administratorInConfiguration: (email: string) =>
    `${email} is an administrator through ADMIN_EMAILS: take it out of ADMIN_EMAILS and restart to end that.`,
  adminOnly: (what: string, admins: string[]) =>
    `Only administrators can ${what}. If you need this, ${askAdmins(admins)}.`,
  secretNotFound: (ref: string, app: string, surface: Surface) =>
    `${app} has no secret "${echo(ref)}". ${seeSecrets(app, surface)} to see its secrets' hints and key ids.`,
  secretAmbiguous: (ref: string, app: string, surface: Surface) =>
    `More than one secret of ${app} starts with "${echo(ref)}". Use its key id: ${seeSecrets(app, surface, true)} to see them.`,
  tooManyActive: (app: string, max: number, surface: Surface) =>
    `${app} already has ${max} unexpired secrets, the most allowed. Delete one you no longer use (${seeSecrets(app, surface, true)} to see them), then try again.`,
  expiryInPast: (min: string) => `The expiry date must be in the future: ${min} at the earliest.`,
  expiryTooLate: (max: string, days: number) => `A secret can live at most ${days} days: choose ${max} or earlier.`,
  badExpiry: (raw: string) =>
    `"${echo(raw)}" is not an expiry. Use a date like 2027-03-01 or a number of days like 90d.`,
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
    `"${echo(raw)}" is not a grant length. Give a number of days from 1 to ${max}, like --for 30d.`,
  notADecider: (admins: string[]) =>
    `Only administrators and credential managers of a whole organisation decide access requests. To ask for access yourself, type ${typed("request", "<app>", "manager")}; for anything else, ${askAdmins(admins)}.`,
  ownRequest: () => "Nobody decides their own request; another administrator or manager of the organisation has to.",
  notYourRequestToDecide: (admins: string[]) =>
    `You may not decide that request: requests for an organisation are for administrators, and for an application for its organisation's credential managers. Ask ${admins.length > 0 ? list(admins) : "your administrator"}.`,
  requestDecided: (r: { id: number; status: string; decidedBy: string | null; decidedAt: Date | null }) =>
    `Request #${r.id} was already ${r.status}${r.decidedBy && r.decidedBy !== "system" ? ` by ${r.decidedBy}` : ""}${r.decidedAt ? ` on ${isoMinute(r.decidedAt)}` : ""}; nothing more to do.`,
  requestNameUnknown: (r: { id: number; targetName: string }, surface: Surface) =>
    `There is still no application or organisation "${echo(r.targetName)}", so request #${r.id} cannot be approved. ${isCli(surface) ? `Register it first (\`steward app add ${echo(r.targetName)} --org …\`)` : "Register it first"} and approve again, or deny it saying which name is right: ${typed("deny", String(r.id), "--reason", "…")}.`,
  requestUnknown: (id: string) =>
    `There is no access request #${echo(id)}. Type ${typed("requests")} for the open ones you may decide.`,
  auditPerApplication: () => `Managers can type ${typed("audit", "<app>")}.`,
  auditNotAllowed: (app: string) => `Only administrators and credential managers of ${app} can read its audit entries.`,
  alertsNotAllowed: (organisation: string, admins: string[]) =>
    `Only administrators and credential managers of all of ${organisation} can route its alerts. Ask ${admins.length > 0 ? list(admins) : "your administrator"}.`,
  alertsNeedChannel: (isOn: boolean) =>
    isOn
      ? `${typed("alerts", "here")} works in a Slack or Teams channel: type it in the channel that should get the alerts.`
      : `${typed("alerts", "off")} works in a Slack or Teams channel: type it in the channel that should stop getting the alerts.`,
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
    `The filter "${echo(filter)}" was not accepted. Use ${example}.`,
  providerCannotImport: (provider: string) =>
    `The secret provider in use (${provider}) keeps no applications of its own to import or sync. This needs SECRET_PROVIDER=entra, keycloak or okta.`,
  providerFull: (what: string, app: string, max: number) =>
    `${what} holds at most ${max} secrets per application, and ${app} has ${max}. Delete one you no longer use (${typed("show", app)}), then try again.`,
  reasonTooLong: "Keep the reason under 500 characters.",
  blankFilter: "The filter is empty: give one, or leave out --filter to import every application.",
  filterTooLong: "Keep the filter under 2000 characters.",
  badRetire:
    "--retire is ask (the managers are asked to delete the older secret once it is idle) or auto (the bot deletes it).",
  badReplacing: `--replacing takes the key id of one secret, as ${typed("show")} lists it.`,
  replacingUnknown: (keyId: string, app: string, surface: Surface) =>
    `${app} has no secret with key id "${echo(keyId)}", so --replacing matches nothing; nothing was created. ${seeSecrets(app, surface)} to see its key ids.`,
  replacingNotNeeded: (keyId: string, app: string) =>
    `A new secret of ${app} ends no other secret now, so --replacing ${echo(keyId)} agrees to nothing; nothing was created. Run the command again without --replacing.`,
  goAheadReplacing: (keyId: string) =>
    `To go ahead anyway, run the same command with --replacing ${keyId}; or delete that secret first.`,
  providerKeepsOnlySecret: (what: string, app: string) =>
    `${what} does not deactivate the only secret of an application, so ${app} keeps it for now. Create a new secret first, then delete this one.`,
  certificateNotDeletable: (what: string, app: string) =>
    `That is a certificate of ${app}: the bot lists certificates and reminds you of them, but never deletes or creates them. Remove it in the ${what} portal.`,
};
