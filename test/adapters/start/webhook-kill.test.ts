/**
 * A running `steward start` delivers webhook events within seconds of the change (not at the daily
 * pass); killed with SIGKILL while a receiver holds a delivery, no event is lost and none is accepted
 * twice: `steward remind` (once the dead claim has expired) delivers the held one again, under the same
 * message id, and the rest, once per subscription.
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { CLAIM_TTL_MS } from "../../../src/outbox/deliver-outbox.js";
import { BIN, cliEnv, steward } from "../../helpers/cli.js";
import { TEST_PEPPER, tempDir } from "../../helpers/config.js";
import { type TestDatabase, testDatabase } from "../../helpers/database.js";
import { freePort } from "../../helpers/http.js";
import { waitForOutput } from "../../helpers/process.js";
import { type Delivery, WebhookReceiver } from "../../helpers/webhook-receiver.js";

const event = (d: Delivery) => {
  const body = JSON.parse(d.body) as { type: string; data: { target: string } };
  return `${body.type} ${body.data.target}`;
};

describe("webhook delivery by a running bot", () => {
  let dir: string;
  let database: TestDatabase;
  let receiver: WebhookReceiver;
  afterEach(async () => {
    await receiver.stop();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("delivers within seconds, and after a SIGKILL mid-delivery each event once per subscription", async () => {
    dir = tempDir();
    database = await testDatabase(dir);
    const env = { ...database.env, STEWARD_PEPPER: TEST_PEPPER };
    const run = async (args: string[]) => {
      const result = await steward(args, env);
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
      return result;
    };
    receiver = new WebhookReceiver();
    await receiver.start();
    for (const path of ["/a", "/b"])
      await run(["webhook", "add", `${receiver.url}${path}`, "--events", "organisation.*"]);

    const port = await freePort();
    const child = spawn(process.execPath, [BIN, "start"], { env: cliEnv({ ...env, PORT: String(port) }) });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      await waitForOutput(child, /Secret Steward is running/);
      const before = Date.now();
      await run(["org", "add", "First Org"]);
      await receiver.until((ds) => (ds.length === 2 ? true : undefined), 10_000);
      expect(Date.now() - before).toBeLessThan(10_000);

      receiver.next("hang");
      await run(["org", "add", "Second Org"]);
      await run(["org", "add", "Third Org"]);
      await receiver.until((ds) => (ds.length === 3 ? true : undefined), 10_000); // held by the receiver
    } finally {
      child.kill("SIGKILL");
      await exited;
    }
    const held = receiver.deliveries[2]!;
    expect(held.status).toBeUndefined();

    // The dead process's claim expires; `steward remind` then takes it up with the rest.
    const later = new Date(Date.now() + CLAIM_TTL_MS + 60_000).toISOString();
    const pass = await run(["remind", "--now", later]);
    expect(pass.stdout).toMatch(/Notices and webhook events: sent \d+, retrying 0, failed 0, resumed 1 interrupted/);

    const accepted = receiver.accepted();
    const perSubscription = (path: string) =>
      accepted
        .filter((d) => d.path.endsWith(path))
        .map(event)
        .sort();
    const expected = ["organisation.added First Org", "organisation.added Second Org", "organisation.added Third Org"];
    expect(perSubscription("/a")).toEqual(expected);
    expect(perSubscription("/b")).toEqual(expected);
    const again = accepted.find((d) => d.path === held.path && event(d) === event(held));
    expect(again?.id).toBe(held.id);
    const status = await run(["remind", "--status"]);
    expect(status.stdout.trim()).toBe("✅ Every recorded reminder, notice and webhook event was delivered.");
  }, 60_000);
});
