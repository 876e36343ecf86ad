/** `steward webhook add|list|remove`: subscriptions to events out (Standard Webhooks), as the operator. */
import type { Command } from "commander";
import { withActor } from "../../src/context.js";
import { isoMinute } from "../../src/messages/format.js";
import { operatorActor } from "../../src/people.js";
import { addWebhook, listWebhooks, removeWebhook, type WebhookView } from "../../src/verbs/webhooks.js";
import { type Cli, operatorLogin } from "./runtime.js";

const json = (w: WebhookView) => ({
  id: w.id,
  url: w.url,
  events: w.events,
  addedBy: w.addedBy,
  createdAt: w.createdAt.toISOString(),
  failingSince: w.failingSince?.toISOString() ?? null,
  lastError: w.lastError,
});

const state = (w: WebhookView) =>
  w.failingSince ? `⚠️ failing since ${isoMinute(w.failingSince)}: ${w.lastError ?? "?"}` : "✅ working";

export function registerWebhookCommands(program: Command, cli: Cli): void {
  const { out, printJson, withRuntime } = cli;
  const operator = () => operatorActor(operatorLogin());
  const webhook = program.command("webhook").description("webhooks: every audit event (and expiry) sent out, signed");

  webhook
    .command("add <url>")
    .description("send events to this https:// URL (http:// only to this machine); prints the signing secret once")
    .option("--events <patterns>", 'comma-separated event types or families, e.g. "secret.*,grant.*" (default: all)')
    .option("--json", "print the result as JSON")
    .action((url: string, opts: { events?: string; json?: boolean }) =>
      withRuntime(async (rt) => {
        const events = opts.events
          ?.split(",")
          .map((e) => e.trim())
          .filter((e) => e !== "");
        const hook = await addWebhook(withActor(rt, operator()), { url, ...(events ? { events } : {}) }, rt.pepper);
        if (opts.json) {
          printJson({ ...json(hook), secret: hook.secret });
          return;
        }
        out(`✅ Webhook ${hook.id} added: ${hook.url} gets ${hook.events.join(", ")}.`);
        out(`Signing secret (shown only now; verify each delivery's webhook-signature with it):\n${hook.secret}`);
      }),
    );

  webhook
    .command("list")
    .description("every webhook, with what it gets and whether it works")
    .option("--json", "print the webhooks as JSON")
    .action((opts: { json?: boolean }) =>
      withRuntime(async (rt) => {
        const hooks = await listWebhooks(withActor(rt, operator()));
        if (opts.json) return printJson(hooks.map(json));
        if (hooks.length === 0) return out("No webhooks. Add one with steward webhook add <https://…>.");
        for (const w of hooks) out(`${w.id}  ${w.url}  ${w.events.join(",")}  ${state(w)}`);
      }),
    );

  webhook
    .command("remove <id>")
    .description("stop sending events to a webhook (its undelivered events are dropped with it)")
    .action((raw: string) => {
      const id = Number(raw);
      if (!Number.isInteger(id) || id <= 0)
        cli.usageError(`Give the webhook's number from steward webhook list, not "${raw}".`);
      return withRuntime(async (rt) => {
        const removed = await removeWebhook(withActor(rt, operator()), id);
        out(`✅ Webhook ${removed.id} (${removed.url}) removed.`);
      });
    });
}
