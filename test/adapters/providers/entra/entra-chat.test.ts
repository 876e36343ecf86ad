import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderText } from "../../../../adapters/console/render-text.js";
import { runCommand } from "../../../../src/commands/run-command.js";
import type { Reply } from "../../../../src/reply.js";
import { createClientSecret } from "../../../../src/verbs/create-client-secret.js";
import { requestSecretDeletion } from "../../../../src/verbs/request-secret-deletion.js";
import { codeOf } from "../../../helpers/errors.js";
import { MANAGER, STRANGER, VIEWER } from "../../../helpers/seed.js";
import { APP, entraTestbed, seedEntraPartner, type Testbed } from "./entra-testbed.js";

const CONSOLE = { surface: "console", canShowForms: false, canRevealSecrets: true } as const;
const OUTAGE = "❌ Microsoft Entra is not answering; nothing was changed. Try again in a minute.";

const say = async (bed: Testbed, email: string, line: string) => runCommand(await bed.rt.as(email), line, CONSOLE);
const textOf = (reply: Reply) => renderText(reply);

describe("chat commands with SECRET_PROVIDER=entra", () => {
  let bed: Testbed;
  beforeEach(async () => {
    bed = await entraTestbed();
  });
  afterEach(async () => {
    await bed.close();
  });

  it("uses the Entra provider that src/main.ts builds from the configuration", () => {
    expect([bed.rt.provider.name, bed.rt.provider.maxLifetimeDays]).toEqual(["entra", 730]);
  });

  it("creates a secret with Graph's addPassword and shows Graph's secretText once, storing only its metadata", async () => {
    const [registration] = await seedEntraPartner(bed);
    const reply = await say(bed, MANAGER, "create Partner-NL-Search --name Build-server --expires 90d");
    expect(reply.tone).toBe("success");
    const [added] = registration!.passwordCredentials;
    const secretText = bed.graph.directory.secretTexts[0]!;
    expect(reply.secret).toMatchObject({ value: secretText, keyId: added?.keyId, hint: secretText.slice(0, 3) });
    expect(bed.graph.graphRequests()).toEqual([
      {
        method: "POST",
        path: `/v1.0/applications(appId='${registration!.appId}')/addPassword`,
        query: {},
        body: {
          passwordCredential: {
            displayName: "Build-server",
            endDateTime: "2027-02-24T23:59:59.000Z", // 90d: the end of the day 90 days from today
          },
        },
        authorization: `Bearer ${bed.graph.issuedTokens[0]}`,
      },
    ]);
    const rows = await bed.rt.db.select().from(bed.rt.db.t.clientSecrets);
    expect(rows).toEqual([
      expect.objectContaining({
        keyId: added?.keyId,
        hint: secretText.slice(0, 3),
        hash: null,
        displayName: "Build-server",
        isExternal: false,
        expiresAt: new Date(added!.endDateTime),
      }),
    ]);
  });

  it("deletes a secret after the confirmation with Graph's removePassword", async () => {
    const [registration] = await seedEntraPartner(bed);
    const created = (await say(bed, MANAGER, `create ${APP} --name Old`)).secret!;
    const asked = await say(bed, MANAGER, `delete ${APP} ${created.hint}`);
    expect(registration!.passwordCredentials).toHaveLength(1);
    const done = await say(bed, MANAGER, asked.confirmation!.yes.command);
    expect(done.tone).toBe("success");
    expect(registration!.passwordCredentials).toEqual([]);
    expect(bed.graph.graphRequests().at(-1)).toMatchObject({
      method: "POST",
      path: `/v1.0/applications(appId='${registration!.appId}')/removePassword`,
      body: { keyId: created.keyId },
      authorization: `Bearer ${bed.graph.issuedTokens[0]}`,
    });
    expect(await bed.rt.db.select().from(bed.rt.db.t.clientSecrets)).toEqual([]);
    const actions = (await bed.rt.db.select().from(bed.rt.db.t.auditEntries)).map((e) => e.action);
    expect(actions).toContain("secret.deleted");
  });

  it("removes the secret at Entra again when the database write fails after addPassword", async () => {
    const [search, matching] = await seedEntraPartner(bed, [APP, "Partner-NL-Matching"]);
    const first = (await say(bed, MANAGER, `create ${APP}`)).secret!;
    // Graph hands out a key id the database already holds: the insert fails after Graph succeeded.
    bed.graph.directory.nextKeyId = first.keyId;
    const reply = await say(bed, MANAGER, "create Partner-NL-Matching");
    expect(reply.tone).toBe("error");
    expect(textOf(reply)).toMatch(/^❌ Something went wrong \(ref [0-9a-f]{6}\)/);
    expect(reply.secret).toBeUndefined();
    const [add, remove] = bed.graph.graphRequests().slice(1);
    expect(add?.path).toBe(`/v1.0/applications(appId='${matching!.appId}')/addPassword`);
    expect(remove).toMatchObject({
      method: "POST",
      path: `/v1.0/applications(appId='${matching!.appId}')/removePassword`,
      body: { keyId: first.keyId },
    });
    expect(matching!.passwordCredentials).toEqual([]);
    expect(search!.passwordCredentials).toHaveLength(1);
    expect((await bed.rt.db.select().from(bed.rt.db.t.clientSecrets)).map((s) => s.keyId)).toEqual([first.keyId]);
  });

  it("tells the person Microsoft Entra is not answering and changes nothing; the same button works afterwards", async () => {
    const [registration] = await seedEntraPartner(bed);
    const created = (await say(bed, MANAGER, `create ${APP}`)).secret!;
    const asked = await say(bed, MANAGER, `delete ${APP} ${created.keyId}`);
    bed.graph.isDown = true;
    expect(textOf(await say(bed, MANAGER, `create ${APP}`))).toBe(OUTAGE);
    expect(textOf(await say(bed, MANAGER, asked.confirmation!.yes.command))).toBe(OUTAGE);
    expect(await bed.rt.db.select().from(bed.rt.db.t.clientSecrets)).toHaveLength(1);
    expect(registration!.passwordCredentials).toHaveLength(1);

    bed.graph.isDown = false;
    expect((await say(bed, MANAGER, asked.confirmation!.yes.command)).tone).toBe("success");
    expect(registration!.passwordCredentials).toEqual([]);
  });

  it("gets a new bot token when Graph says the old one expired, and the person notices nothing", async () => {
    await seedEntraPartner(bed);
    await say(bed, MANAGER, `create ${APP}`);
    bed.graph.expireTokens();
    const reply = await say(bed, MANAGER, `create ${APP}`);
    expect(reply.tone).toBe("success");
    expect(bed.graph.tokenRequests()).toHaveLength(2);
    expect(bed.graph.graphRequests().map((r) => r.authorization)).toEqual([
      `Bearer ${bed.graph.issuedTokens[0]}`,
      `Bearer ${bed.graph.issuedTokens[0]}`,
      `Bearer ${bed.graph.issuedTokens[1]}`,
    ]);
  });

  it("answers a person without a grant exactly as for a missing application, and nothing reaches Graph", async () => {
    await seedEntraPartner(bed);
    const existing = textOf(await say(bed, STRANGER, `create ${APP}`));
    const missing = textOf(await say(bed, STRANGER, "create No-Such-App"));
    expect(existing.replace(APP, "X")).toBe(missing.replace("No-Such-App", "X"));
    expect(await codeOf(async () => createClientSecret(await bed.rt.as(STRANGER), { application: APP }))).toBe(
      "NOT_FOUND",
    );
    expect(bed.graph.requests).toEqual([]);
  });

  it("refuses a viewer with FORBIDDEN naming the managers, and nothing reaches Graph", async () => {
    await seedEntraPartner(bed);
    const created = (await say(bed, MANAGER, `create ${APP}`)).secret!;
    const before = bed.graph.requests.length;
    expect(await codeOf(async () => createClientSecret(await bed.rt.as(VIEWER), { application: APP }))).toBe(
      "FORBIDDEN",
    );
    expect(
      await codeOf(async () =>
        requestSecretDeletion(await bed.rt.as(VIEWER), { application: APP, secret: created.keyId }),
      ),
    ).toBe("FORBIDDEN");
    expect(textOf(await say(bed, VIEWER, `create ${APP}`))).toContain(MANAGER);
    const asked = await say(bed, MANAGER, `delete ${APP} ${created.keyId}`);
    expect(textOf(await say(bed, VIEWER, asked.confirmation!.yes.command))).toMatch(/belongs to the person who asked/);
    expect(bed.graph.requests).toHaveLength(before);
    expect(await bed.rt.db.select().from(bed.rt.db.t.clientSecrets)).toHaveLength(1);
  });
});
