import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCommand } from "../../../../src/commands/run-command.js";
import { addOrganisation } from "../../../../src/verbs/add-organisation.js";
import { importApplications } from "../../../../src/verbs/import-applications.js";
import { syncClientSecrets } from "../../../../src/verbs/sync-client-secrets.js";
import { BOT_CLIENT_SECRET } from "../../../fakes/fake-graph.js";
import { steward } from "../../../helpers/cli.js";
import { leaksOf } from "../../../helpers/secret-leaks.js";
import { MANAGER } from "../../../helpers/seed.js";
import { APP, entraTestbed, seedEntraPartner, type Testbed } from "./entra-testbed.js";

const CONSOLE = { surface: "console", canShowForms: false, canRevealSecrets: true } as const;

describe("secret values with SECRET_PROVIDER=entra", () => {
  let bed: Testbed;
  beforeEach(async () => {
    bed = await entraTestbed({ LOG_LEVEL: "trace" });
  });
  afterEach(async () => {
    await bed.close();
  });

  it("keep Graph's secretText, the bot's client secret and its tokens out of every log line, audit entry and the database file", async () => {
    const [registration, second] = await seedEntraPartner(bed, [APP, "Partner-NL-Matching"]);
    const ann = await bed.rt.as(MANAGER);
    const shown: string[] = [];
    for (const line of [`create ${APP}`, `rotate ${APP} --name Next`]) {
      shown.push((await runCommand(ann, line, CONSOLE)).secret!.value);
    }
    // A create whose row fails (undone at Graph) and one while Graph is down.
    bed.graph.directory.nextKeyId = (await runCommand(ann, "create Partner-NL-Matching", CONSOLE)).secret!.keyId;
    expect((await runCommand(ann, `create ${APP}`, CONSOLE)).tone).toBe("error");
    bed.graph.isDown = true;
    expect((await runCommand(ann, `create ${APP}`, CONSOLE)).tone).toBe("error");
    bed.graph.isDown = false;

    const env = {
      ...bed.graph.env(),
      ...bed.rt.databaseEnv,
      STEWARD_PEPPER: bed.rt.config.pepper!,
      LOG_LEVEL: "trace",
    };
    const viaCli = await steward(["secret", "create", "--app", APP, "--as", MANAGER, "--json"], env);
    expect(viaCli.code, viaCli.stderr).toBe(0);
    shown.push((JSON.parse(viaCli.stdout) as { value: string }).value);

    // Secrets made outside the bot, then picked up by import and sync.
    const start = new Date(bed.clock.now().getTime() - 3_600_000);
    const end = new Date("2027-06-01T00:00:00Z");
    bed.graph.directory.addCredential(second!, { displayName: "Portal", start, end });
    const other = bed.graph.addApplication("Partner-BE-Search");
    bed.graph.directory.addCredential(other, { displayName: "Script", start, end });
    await addOrganisation(bed.rt.operator, { name: "Partner BE" });
    await importApplications(bed.rt.operator, {
      organisation: "Partner BE",
      filter: "displayName eq 'Partner-BE-Search'",
    });
    bed.clock.advance(10 * 60_000);
    await syncClientSecrets(bed.rt.operator);

    const all = bed.graph.directory.secretTexts;
    expect(all.length).toBeGreaterThanOrEqual(7);
    expect(shown.every((value) => all.includes(value))).toBe(true);
    expect(registration!.passwordCredentials.length).toBeGreaterThan(0);

    expect(bed.rt.logLines.join("")).toContain("client secret created");
    expect(JSON.stringify(await bed.rt.db.select().from(bed.rt.db.t.auditEntries))).toContain("secret.external_added");
    const values = [...all, BOT_CLIENT_SECRET, ...bed.graph.issuedTokens];
    expect(await leaksOf(bed.rt, values, viaCli.stderr)).toEqual([]);
  });
});
