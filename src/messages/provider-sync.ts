/** Replies about importing applications from the secret provider and syncing their secrets. */
import type { Block, Reply } from "../reply.js";
import type { ImportOutcome, SkippedApplication } from "../verbs/import-applications.js";
import type { SyncedSecret, SyncOutcome } from "../verbs/sync-client-secrets.js";
import { plural } from "./format.js";

const skipReason: Record<SkippedApplication["reason"], string> = {
  registered: "already registered",
  name_taken: "another application has this name; register it with `steward app add <name> --client-id <id>`",
};

export function importReport(outcome: ImportOutcome): Reply {
  const blocks: Block[] = [];
  if (outcome.added.length === 0 && outcome.skipped.length === 0) {
    blocks.push({ type: "text", text: "Nothing at the provider matched, so nothing was imported. Check the filter." });
  }
  for (const app of outcome.added) {
    blocks.push({
      type: "item",
      text: `added *${app.name}* \`${app.clientId}\` with ${plural(app.secrets, "existing secret")}`,
    });
  }
  for (const app of outcome.skipped) {
    blocks.push({ type: "item", text: `skipped *${app.name}* \`${app.clientId}\`: ${skipReason[app.reason]}` });
  }
  if (outcome.added.length > 0) {
    blocks.push({
      type: "text",
      text: `Next: grant credential managers, e.g. \`steward grant <email> --org "${outcome.organisation}" --role manager\`.`,
    });
  }
  return {
    tone: "success",
    title: `✅ Imported ${plural(outcome.added.length, "application")} into ${outcome.organisation}, skipped ${outcome.skipped.length}.`,
    blocks,
    isPrivate: true,
  };
}

const secretLine = (verb: string, s: SyncedSecret): Block => ({
  type: "item",
  text: `${verb} \`${s.hint}…\` *${s.displayName}* of ${s.application} (\`${s.keyId}\`)`,
});

/** What the sync learnt of which secret is used, where the provider reports it. */
function usageNote(outcome: SyncOutcome): Block[] {
  if (outcome.usage === "unreadable") {
    return [
      {
        type: "text",
        text: `⚠️ Which secret is used is unknown: reading sign-in activity needs ${outcome.usagePermission ?? "a permission the bot lacks"}. Until an administrator grants it, no older secret is retired on the evidence.`,
      },
    ];
  }
  if (outcome.usage === "failed") {
    return [
      {
        type: "text",
        text: "⚠️ The sign-in activity report could not be read just now: which secret is used is unknown until the next sync.",
      },
    ];
  }
  return [];
}

export function syncReport(outcome: SyncOutcome): Reply {
  const blocks: Block[] = [
    ...outcome.added.map((s) => secretLine("found (created outside the bot)", s)),
    ...outcome.removed.map((s) => secretLine("removed (deleted outside the bot)", s)),
    ...outcome.deactivated.map((s) => secretLine("deactivated outside the bot (it no longer works)", s)),
    ...outcome.reactivated.map((s) => secretLine("activated again outside the bot", s)),
    ...outcome.missing.map(
      (name): Block => ({
        type: "item",
        text: `⚠️ ${name}: the provider no longer has it for the bot (deleted, or no longer the bot's to manage); left unchanged`,
      }),
    ),
    ...usageNote(outcome),
  ];
  const counts = [
    `${outcome.added.length} found`,
    `${outcome.removed.length} removed`,
    ...(outcome.deactivated.length > 0 ? [`${outcome.deactivated.length} deactivated`] : []),
    ...(outcome.reactivated.length > 0 ? [`${outcome.reactivated.length} activated again`] : []),
  ];
  const changes =
    outcome.added.length + outcome.removed.length + outcome.deactivated.length + outcome.reactivated.length;
  const isWarning = outcome.missing.length > 0 || usageNote(outcome).length > 0;
  return {
    tone: isWarning ? "warning" : "success",
    title: `${outcome.missing.length > 0 ? "⚠️" : "✅"} Synced ${plural(outcome.applications, "application")}: ${
      changes === 0 ? "everything was up to date" : counts.join(", ")
    }.`,
    blocks: [...blocks, { type: "text", text: `${outcome.provider} accepted the bot's credentials.` }],
    isPrivate: true,
  };
}
