/** Replies and notices about access requests: asked, announced to deciders, decided, lapsed. */
import { decisionActions, decisionLines, requestLine, typed } from "../commands/actions.js";
import { commandNames } from "../commands/names.js";
import { REQUEST_LAPSE_DAYS } from "../grant-end.js";
import type { ChatPlatform } from "../ports/notify.js";
import { type Block, type Form, type FormReply, type Reply, reply } from "../reply.js";
import type { AccessRequestView } from "../verbs/find-access-requests.js";
import type { RequestedAccess } from "../verbs/request-access.js";
import { askAdmins, isoMinute, list, plural, roleVerb } from "./format.js";

/** The words of the request form. */
export const requestFormText = {
  title: "Request access",
  submit: "Request",
  target: "Application or organisation",
  targetHint:
    "Its name, as its credential managers or your administrator call it; an application's clientId works too.",
  role: "Role",
  roles: {
    manager: "Credential manager: creates and deletes its secrets",
    viewer: "Viewer: sees it and its secrets' metadata",
  },
  forDays: "For how long",
  forDaysHint: (max: number) => `A number of days, like 30d, at most ${max}. Leave it empty to ask for no end.`,
  reason: "Reason",
  reasonHint: "Why you need it, for the people who decide (optional).",
  sending: "⏳ Sending your request…",
};

/** The request form, with what happens after it is sent. */
export const requestForm = (form: Form): FormReply => ({
  tone: "waiting",
  title: requestFormText.title,
  blocks: [
    {
      type: "text",
      text: "Ask for access to an application or a whole organisation. Administrators and the organisation's credential managers decide; you hear the outcome here.",
    },
  ],
  form,
  isPrivate: true,
});

const lengthOf = (days: number | null | undefined) => (days ? ` for ${plural(days, "day")}` : "");

/** The requester's answer; the same for a name that is no application, so names cannot be probed. */
export function requestRecorded(outcome: RequestedAccess, isReached: boolean, admins: string[]): Reply {
  if (outcome.kind === "held") {
    const role = outcome.role === "manager" ? "a credential manager" : "a viewer";
    return reply("success", `✅ You already are ${role} of ${outcome.target.name}; nothing to ask for.`);
  }
  const asked = `to ${roleVerb(outcome.role)} ${outcome.name}${lengthOf(outcome.days)}`;
  const updated = outcome.isUpdate ? " (your open request, updated)" : "";
  if (!isReached) {
    return reply(
      "waiting",
      `⏳ Asked ${asked}${updated}, but I couldn't reach anyone who can decide it yet (I keep trying): ${askAdmins(admins)}.`,
    );
  }
  return reply(
    "waiting",
    `⏳ Asked ${asked}${updated}. The people who can decide it are told, and you will hear the outcome here. If nothing happens, ${askAdmins(admins)}.`,
  );
}

/** What was asked for, for the deciders: a name that is no application or organisation is said to be one. */
const askedFor = (r: AccessRequestView): string =>
  r.targetKind === "unknown"
    ? `"${r.targetName}" (no application or organisation has this name: a typo, or one not registered yet)`
    : `${r.targetKind} ${r.targetName}`;

function requestFields(r: AccessRequestView): Block {
  return {
    type: "fields",
    fields: [
      { label: "Who", value: r.requesterEmail },
      { label: "Asks to", value: `${roleVerb(r.role)} ${askedFor(r)}${lengthOf(r.days)}` },
      ...(r.targetKind === "application" && r.organisationName
        ? [{ label: "Organisation", value: r.organisationName }]
        : []),
      { label: "Reason", value: r.reason ?? "none given" },
      { label: "Asked", value: isoMinute(r.createdAt) },
    ],
  };
}

/** What a decider sees in chat: the request and its Approve and Deny buttons. */
export function requestNotice(r: AccessRequestView): Reply {
  return {
    tone: "waiting",
    title: `⏳ Access request #${r.id}`,
    blocks: [requestFields(r), { type: "actions", actions: decisionActions(r.id) }],
    isPrivate: true,
  };
}

const surfaceHints: Record<ChatPlatform | "console", (line: string) => string> = {
  slack: (line) => `in Slack \`/secrets ${line}\``,
  teams: (line) => `in Teams \`${line}\` to Secret Steward`,
  console: (line) => `in the console (\`npx steward console\`) \`${line}\``,
};

/** What a decider gets by e-mail: the request and what to type, on the surfaces that are on. */
export function requestMail(r: AccessRequestView, platforms: ReadonlySet<ChatPlatform>): Reply {
  const { approve, deny } = decisionLines(r.id);
  const where = (line: string) =>
    list([...[...platforms].map((p) => surfaceHints[p](line)), surfaceHints.console(line)]);
  return {
    tone: "waiting",
    title: `⏳ Access request #${r.id}: ${r.requesterEmail} asks to ${roleVerb(r.role)} ${r.targetName}`,
    blocks: [requestFields(r), { type: "text", text: `To approve, type ${where(approve)}. To deny, ${where(deny)}.` }],
    isPrivate: true,
    about: commandNames.requests,
  };
}

export const requestMailSubject = (r: AccessRequestView) =>
  `⏳ ${r.requesterEmail} asks to ${roleVerb(r.role)} ${r.targetName}`;

/** One line for the organisation's alert channel: no buttons, no reason. */
export const requestAnnouncement = (r: AccessRequestView): Reply =>
  reply(
    "info",
    `${r.requesterEmail} asks to ${roleVerb(r.role)} ${r.targetName}${lengthOf(r.days)} (request #${r.id}).`,
    {
      isPrivate: false,
    },
  );

const outcomeText = (r: AccessRequestView, endsAt: Date | null): string => {
  if (r.status === "approved") return `✅ approved by ${r.decidedBy}${endsAt ? `, until ${isoMinute(endsAt)}` : ""}`;
  if (r.status === "denied") return `❌ denied by ${r.decidedBy}${r.note ? `: ${r.note}` : ""}`;
  return `lapsed: nobody decided it within ${plural(REQUEST_LAPSE_DAYS, "day")}`;
};

/** A decider's message, once the request is decided (by anyone). */
export const requestDecidedNotice = (r: AccessRequestView, endsAt: Date | null): Reply => ({
  tone: r.status === "approved" ? "success" : "info",
  title: `Access request #${r.id}`,
  blocks: [requestFields(r), { type: "text", text: `Request #${r.id}: ${outcomeText(r, endsAt)}.` }],
  isPrivate: true,
});

/** The answer to the person who decided. */
export const decisionTaken = (r: AccessRequestView, endsAt: Date | null): Reply =>
  reply(
    "success",
    `${r.status === "approved" ? "✅" : "✅ Denied:"} ${r.requesterEmail} ${r.status === "approved" ? `may now ${roleVerb(r.role)} ${r.targetName}${endsAt ? ` until ${isoMinute(endsAt)}` : ""}` : `may not ${roleVerb(r.role)} ${r.targetName}`}. They are told.`,
  );

/** What the requester hears when their request is decided or lapses. */
export function requestOutcome(r: AccessRequestView, endsAt: Date | null): Reply {
  const asked = `to ${roleVerb(r.role)} ${r.targetName}`;
  if (r.status === "approved") {
    return reply(
      "success",
      `✅ Your request ${asked} was approved by ${r.decidedBy}${endsAt ? `, until ${isoMinute(endsAt)}` : ""}. Type ${typed("show", r.targetName)} to start.`,
    );
  }
  if (r.status === "denied") {
    return reply("info", `❌ Your request ${asked} was denied by ${r.decidedBy}${r.note ? `: ${r.note}` : ""}.`);
  }
  return reply(
    "info",
    `⌛ Your request ${asked} lapsed: nobody decided it within ${plural(REQUEST_LAPSE_DAYS, "day")}. To ask again, type \`${requestLine(r.targetName, r.role)}\`.`,
  );
}

export const requestOutcomeSubject = (r: AccessRequestView) =>
  `Your request to ${roleVerb(r.role)} ${r.targetName}: ${r.status}`;

/** `requests`: the open ones this person may decide. */
export function openRequestsList(requests: AccessRequestView[]): Reply {
  if (requests.length === 0) return reply("info", "No open access requests for you to decide.");
  const blocks: Block[] = requests.flatMap((r): Block[] => [
    {
      type: "text",
      text: `*#${r.id}* ${r.requesterEmail} asks to ${roleVerb(r.role)} ${r.targetName}${lengthOf(r.days)}`,
    },
    requestFields(r),
    { type: "actions", actions: decisionActions(r.id) },
  ]);
  return { tone: "waiting", title: `Open access requests (${requests.length})`, blocks, isPrivate: true };
}
