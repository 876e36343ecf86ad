/**
 * Every chat command in the registry, tried by three people who must not be able to do everything —
 * someone with no grant, a viewer, and an administrator without a manager grant — on the console, in
 * Slack (signed button clicks, which run any command line) and in Teams (card actions). Where
 * PRODUCT.md says no, the answer is a refusal and nothing is written: the database is the same, row
 * for row, and there is no new audit entry.
 */
import { Readable, Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runConsole } from "../../adapters/console/repl.js";
import { commands } from "../../src/commands/registry.js";
import { readLine } from "../../src/commands/run-command.js";
import type { SecretReveal } from "../../src/reply.js";
import { createClientSecret } from "../../src/verbs/create-client-secret.js";
import { requestAccess } from "../../src/verbs/request-access.js";
import { requestSecretDeletion } from "../../src/verbs/request-secret-deletion.js";
import type { TestRuntime } from "../helpers/runtime.js";
import { testRuntime } from "../helpers/runtime.js";
import { MANAGER, STRANGER, seedPartner, VIEWER } from "../helpers/seed.js";
import { SAM, type SlackSetup, serveSlack, VIC } from "../helpers/slack.js";
import { textOf as slackTextOf } from "../helpers/slack-blocks.js";
import { click as slackClick } from "../helpers/slack-payloads.js";
import { click as teamsClick } from "./teams/activities.js";
import { serveTeams, SAM as TEAMS_SAM, VIC as TEAMS_VIC, type TeamsSetup } from "./teams/teams-testbed.js";

const APP = "Partner-NL-Search";
const ORG = '"Partner NL"';
const ADMIN = "root@registry.org";
type Who = "stranger" | "viewer" | "admin";

/**
 * Each command line and who must be refused it (PRODUCT.md): applications only for their grants
 * (strangers get "not found"), secrets created and deleted only by their managers (administrators too
 * need a manager grant), grants and the whole audit log for administrators, alerts and access decisions
 * for administrators and organisation managers, a confirmation only for the person who asked.
 */
const lines = (secret: SecretReveal, token: string, request: number): [string, Who[]][] => [
  ["help", []],
  ["list", []],
  ["expiring", []],
  [`show ${APP}`, ["stranger"]],
  [`create ${APP}`, ["stranger", "viewer", "admin"]],
  [`create ${APP} --name Sneaky --expires 30d`, ["stranger", "viewer", "admin"]],
  [`rotate ${APP}`, ["stranger", "viewer", "admin"]],
  [`delete ${APP} ${secret.hint}`, ["stranger", "viewer", "admin"]],
  [`alerts here ${ORG}`, ["stranger", "viewer"]],
  [`alerts off ${ORG}`, ["stranger", "viewer"]],
  [`grant ${STRANGER} ${APP} manager`, ["stranger", "viewer"]],
  [`grant ${STRANGER} ${APP} owner`, ["stranger", "viewer"]],
  [`revoke ${VIEWER} ${APP}`, ["stranger", "viewer"]],
  [`audit ${APP}`, ["stranger", "viewer"]],
  ["audit", ["stranger", "viewer"]],
  [`request ${APP} manager --for 30d`, []],
  ["requests", ["stranger", "viewer"]],
  [`approve ${request}`, ["stranger", "viewer"]],
  [`approve ${request} --for 9999d`, ["stranger", "viewer"]],
  [`deny ${request} --reason "no"`, ["stranger", "viewer"]],
  [`confirm ${token}`, ["stranger", "viewer", "admin"]],
  [`cancel ${token}`, ["stranger", "viewer", "admin"]],
  [`retire ${APP} ${secret.keyId}`, ["stranger", "viewer", "admin"]],
];

/** Every row of every table, in a stable order. */
async function snapshot(rt: TestRuntime): Promise<string> {
  const tables: Record<string, string[]> = {};
  for (const [name, table] of Object.entries(rt.db.t)) {
    const rows = await rt.db.select().from(table as typeof rt.db.t.people);
    tables[name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return JSON.stringify(tables);
}

type Surface = {
  rt: TestRuntime;
  /** The text a person sees after running the line. */
  answer(who: Who, line: string): Promise<string>;
};

/** Runs the whole matrix on one surface: every refusal is one, and leaves the database as it was. */
async function expectRefusals(surface: Surface, seeded: Seeded) {
  const all = lines(seeded.secret, seeded.token, seeded.request);
  expect(new Set(all.map(([line]) => line.split(" ")[0]))).toEqual(new Set(commands.map((c) => c.name)));
  // First contact records who each person is; that is not what is being tested.
  for (const who of ["stranger", "viewer", "admin"] as const) await surface.answer(who, "help");
  // Every refusal must leave the database exactly as it was before the first one.
  const before = await snapshot(surface.rt);
  for (const [line, refused] of all) {
    for (const who of refused) {
      const text = await surface.answer(who, line);
      expect(text, `${who}: ${line}`).toMatch(/❌/);
      expect(text, `${who}: ${line}`).not.toMatch(/sst_[0-9A-Za-z]{20,}/);
      expect(await snapshot(surface.rt), `${who}: ${line} wrote to the database`).toBe(before);
    }
  }
}

type Seeded = { secret: SecretReveal; token: string; request: number };

/** A secret, a deletion waiting for its manager's yes, and the manager's request for the whole organisation. */
async function seed(rt: TestRuntime): Promise<Seeded> {
  await seedPartner(rt.operator);
  const ann = await rt.as(MANAGER);
  const secret = await createClientSecret(ann, { application: APP });
  const pending = await requestSecretDeletion(ann, { application: APP, secret: secret.hint });
  const asked = await requestAccess(ann, { target: "Partner NL", role: "manager" });
  if (asked.kind !== "recorded") throw new Error("the request was not recorded");
  return { secret, token: pending.token, request: asked.id };
}

describe("every command, refused where it must be, writes nothing", () => {
  describe("on the console", () => {
    let rt: TestRuntime;
    beforeAll(async () => {
      rt = await testRuntime({ env: { ADMIN_EMAILS: ADMIN } });
    });
    afterAll(() => rt.cleanup());

    const emails: Record<Who, string> = { stranger: STRANGER, viewer: VIEWER, admin: ADMIN };

    it("refuses each person what they may not do, with the database unchanged", async () => {
      const seeded = await seed(rt);
      const answer = async (who: Who, line: string) => {
        let output = "";
        const sink = new Writable({
          write(chunk, _enc, done) {
            output += chunk.toString();
            done();
          },
        });
        // A confirmation question is answered with "n" (cancel), so nothing is carried out.
        await runConsole(rt, {
          email: emails[who],
          input: Readable.from([`${line}\nn\n`]),
          output: sink,
          isTTY: false,
        });
        return output.split("\n").slice(1).join("\n");
      };
      await expectRefusals({ rt, answer }, seeded);
    });
  });

  describe("in Slack", () => {
    let s: SlackSetup;
    beforeAll(async () => {
      s = await serveSlack({ ADMIN_EMAILS: ADMIN });
      s.fake.addUser("U0ROOT", { email: ADMIN, name: "Root" });
    });
    afterAll(() => s.stop());

    const users: Record<Who, string> = { stranger: SAM, viewer: VIC, admin: "U0ROOT" };

    it("refuses each person what they may not do, with the database unchanged", async () => {
      const seeded = await seed(s.rt);
      const env = { surface: "slack" as const, canShowForms: true, canRevealSecrets: true };
      const answer = async (who: Who, line: string) => {
        if (!readLine(line, env).facts.traits.revealsSecret) {
          return (await (await slackClick(s, users[who], line)).answer()).text as string;
        }
        // Create and rotate answer in a modal, opened before anything else happens.
        const opened = s.fake.callsOf("views.open").length;
        await slackClick(s, users[who], line);
        const open = await s.fake.waitFor("views.open", () => true, opened + 1);
        const viewId = (open.response as { view: { id: string } }).view.id;
        const update = await s.fake.waitFor("views.update", (c) => c.body.view_id === viewId);
        return slackTextOf(update.body.view);
      };
      await expectRefusals({ rt: s.rt, answer }, seeded);
    });
  });

  describe("in Microsoft Teams", () => {
    let s: TeamsSetup;
    const ROOT = { id: "29:root", aadObjectId: "aad-root", name: "Root", email: ADMIN };
    beforeAll(async () => {
      s = await serveTeams({ ADMIN_EMAILS: ADMIN });
      s.fake.addUser(ROOT);
    });
    afterAll(() => s.stop());

    const users = { stranger: TEAMS_SAM, viewer: TEAMS_VIC, admin: ROOT };

    it("refuses each person what they may not do, with the database unchanged", async () => {
      const seeded = await seed(s.rt);
      // A button that runs the line, clicked in the person's 1:1 chat, where even a value could be shown.
      const answer = async (who: Who, line: string) => {
        const clicked = await teamsClick(s, users[who], "run", { command: line });
        return typeof clicked.value === "string" ? clicked.value : JSON.stringify(clicked.value);
      };
      await expectRefusals({ rt: s.rt, answer }, seeded);
    });
  });
});
