/** What is said about retiring the older secrets of a rotation: the question, the bot's own retirement, refusals. */
import { lineOf, typed } from "../commands/actions.js";
import { commandNames } from "../commands/names.js";
import type { ChatPlatform } from "../ports/notify.js";
import type { Action, Reply } from "../reply.js";
import { reply } from "../reply.js";
import type { RotationSecret, RotationView } from "../verbs/rotations.js";
import { isoMinute, list, plural } from "./format.js";

const hintOf = (s: Pick<RotationSecret, "hint">) => `\`${s.hint}…\``;
const named = (s: RotationSecret) => `${hintOf(s)} (${s.displayName})`;
const from = (s: RotationSecret) => (s.lastUsedFrom ? ` from ${s.lastUsedFrom}` : "");
const newerFirstUse = (r: RotationView) => r.newer.firstUsedAt ?? r.newer.lastUsedAt;

/**
 * "`abc…` (Search A): idle since 2027-03-02 09:00 UTC (last used 2027-03-01 09:00 UTC from 10.1.2.3)": idle
 * from ROTATION_IDLE_HOURS after its last use or the newer's first use, whichever is later.
 */
function idleSince(r: RotationView, s: RotationSecret, hours: number): string {
  const last = s.lastUsedAt ? `last used ${isoMinute(s.lastUsedAt)}${from(s)}` : "never used";
  const start = Math.max(s.lastUsedAt?.getTime() ?? 0, newerFirstUse(r)?.getTime() ?? 0);
  return `${named(s)}: idle since ${isoMinute(new Date(start + hours * 3_600_000))} (${last})`;
}

function evidence(r: RotationView, hours: number): string[] {
  const first = newerFirstUse(r);
  return [
    ...r.olders.map((s) => `• ${idleSince(r, s, hours)}`),
    `• The newer secret ${named(r.newer)}: in use since ${first ? isoMinute(first) : "?"}${r.newer.lastUsedAt ? `, last used ${isoMinute(r.newer.lastUsedAt)}${from(r.newer)}` : ""}`,
  ];
}

/** The Delete button under the question: runs `retire`, which checks the clicker's grant and the evidence again. */
export const retireAction = (r: RotationView, s: RotationSecret): Action => ({
  label: r.olders.length === 1 ? "Delete" : `Delete ${s.hint}…`,
  command: lineOf(commandNames.retire, r.application.clientId, s.keyId),
  style: "danger",
  confirm: {
    title: "Delete the idle secret?",
    text: `Secret ${s.hint}… of ${r.application.name} stops working at once. The bot checks again that nothing used it lately.`,
    yes: "Delete",
    no: "Keep it",
  },
});

const intro = (r: RotationView, hours: number) =>
  `⏳ *${r.application.name}*: nothing has used the older ${r.olders.length === 1 ? "secret" : "secrets"} for ${plural(hours, "hour")} or more since the newer one took over. Delete ${r.olders.length === 1 ? "it" : "them"} now, so a credential nobody needs stops being one.`;

/** The question to the managers (`--retire ask`), in chat: the evidence and a Delete button per idle secret. */
export function retireQuestion(r: RotationView, hours: number): Reply {
  return {
    tone: "waiting",
    title: `⏳ ${r.application.name}: an older secret is idle`,
    blocks: [
      { type: "text", text: [intro(r, hours), ...evidence(r, hours)].join("\n") },
      { type: "actions", actions: r.olders.map((s) => retireAction(r, s)) },
    ],
    isPrivate: true,
    about: lineOf(commandNames.show, r.application.clientId),
  };
}

const surfaceHints: Record<ChatPlatform | "console", (line: string) => string> = {
  slack: (line) => `in Slack \`/secrets ${line}\``,
  teams: (line) => `in Teams \`${line}\` to Secret Steward`,
  console: (line) => `in the console (\`npx steward console\`) \`${line}\``,
};

/** The same question by e-mail: no button, so the line to type where the person is. */
export function retireQuestionMail(r: RotationView, hours: number, platforms: ReadonlySet<ChatPlatform>): Reply {
  const where = (line: string) =>
    list([...[...platforms].map((p) => surfaceHints[p](line)), surfaceHints.console(line)]);
  const lines = r.olders.map(
    (s) => `To delete ${hintOf(s)}, type ${where(lineOf(commandNames.delete, r.application.name, s.hint))}.`,
  );
  return {
    tone: "waiting",
    title: `⏳ ${r.application.name}: an older secret is idle`,
    blocks: [{ type: "text", text: [intro(r, hours), ...evidence(r, hours), ...lines].join("\n") }],
    isPrivate: true,
    about: lineOf(commandNames.show, r.application.clientId),
  };
}

export const retireQuestionSubject = (r: RotationView) => `⏳ ${r.application.name}: an older secret is idle`;

/** What the managers hear when the bot retired older secrets itself (`--retire auto`). */
export function retiredNotice(r: RotationView, retired: RotationSecret[], hours: number): Reply {
  const what = list(retired.map(named));
  return {
    tone: "success",
    title: `✅ ${r.application.name}: older secret retired`,
    blocks: [
      {
        type: "text",
        text: [
          `✅ *${r.application.name}*: the bot deleted ${what}, unused for ${plural(hours, "hour")} or more since the newer secret took over (\`--retire auto\`).`,
          ...evidence({ ...r, olders: retired }, hours),
        ].join("\n"),
      },
    ],
    isPrivate: true,
    about: lineOf(commandNames.show, r.application.clientId),
  };
}

export const retiredSubject = (r: RotationView) => `✅ ${r.application.name}: older secret retired`;

/** The provider refused to delete an idle older secret: said once per run of failures; the bot keeps trying. */
export function retireFailedNotice(r: RotationView, reason: string | null): Reply {
  return {
    tone: "error",
    title: `❌ ${r.application.name}: could not retire an older secret`,
    blocks: [
      {
        type: "text",
        text: `❌ *${r.application.name}*: ${list(r.olders.map(named))} is idle, but deleting it failed${reason ? ` (${reason.replace(/^❌\s*/u, "").replace(/\.$/, "")})` : ""}. The bot tries again at each reminder pass; nothing was deleted. If it keeps failing, delete it yourself with ${typed("delete", r.application.name, r.olders[0]?.hint ?? "")}.`,
      },
    ],
    isPrivate: true,
    about: lineOf(commandNames.show, r.application.clientId),
  };
}

export const retireFailedSubject = (r: RotationView) => `❌ ${r.application.name}: could not retire an older secret`;

/** The answers to a Delete click. */
export const retireAnswers = {
  retired: (app: string, retired: RotationSecret[]) =>
    reply("success", `✅ Deleted ${list(retired.map(named))} of ${app}: it was idle, and the newer secret is in use.`),
  alreadyDone: () => reply("success", "✅ Already done: that secret is deleted; nothing more to do."),
  /** Used within `hours` (or the newer took over less than `hours` ago): not idle at the click. */
  inUse: (s: RotationSecret, r: RotationView, hours: number, now: Date) => {
    const later = `type ${typed("delete", r.application.name, s.hint)}`;
    const last = s.lastUsedAt;
    if (last && last.getTime() + hours * 3_600_000 > now.getTime()) {
      const first = newerFirstUse(r);
      const again = first && last.getTime() >= first.getTime() ? "was used again" : "was last used";
      return `Not deleted: ${hintOf(s)} ${again} at ${isoMinute(last)}${from(s)}, less than ${plural(hours, "hour")} ago. Some system still uses it: move that system to the newer secret; once nothing has used the older one for ${plural(hours, "hour")}, ${later}.`;
    }
    return `Not deleted: the newer secret took over less than ${plural(hours, "hour")} ago, too recently to be sure nothing still uses ${hintOf(s)}. Once it has been in use for ${plural(hours, "hour")}, ${later}.`;
  },
  waiting: (s: RotationSecret) =>
    `Not deleted: the newer secret has never been used, so systems may still depend on ${hintOf(s)}. Move them to the newer secret first.`,
  unknown: (providerLabel: string, app: string, s: RotationSecret) =>
    `Not deleted: ${providerLabel} does not report which secret is used, so the bot cannot tell that it is idle. If you are sure nothing uses it, delete it with ${typed("delete", app, s.hint)}.`,
  notOlder: (app: string) =>
    `Not deleted: that secret is not an older secret of the application's rotation. To delete it anyway, use ${typed("delete", app, "<hint>")}.`,
  last: (s: RotationSecret, app: string) =>
    `Not deleted: ${hintOf(s)} is the only unexpired secret of ${app}; every API connection would stop.`,
};
