import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCommand } from "../../../../src/commands/run-command.js";
import { syncClientSecrets } from "../../../../src/verbs/sync-client-secrets.js";
import { KC_BOT_SECRET } from "../../../fakes/fake-keycloak.js";
import { leaksOf } from "../../../helpers/secret-leaks.js";
import { MANAGER } from "../../../helpers/seed.js";
import { APP, type KeycloakBed, keycloakTestbed, seedKeycloakPartner } from "./keycloak-testbed.js";

const CONSOLE = { surface: "console", canShowForms: false, canRevealSecrets: true } as const;

describe("secret values with SECRET_PROVIDER=keycloak", () => {
  let bed: KeycloakBed;
  beforeEach(async () => {
    bed = await keycloakTestbed({ LOG_LEVEL: "trace" });
  });
  afterEach(async () => {
    await bed.close();
  });

  it("keep every value Keycloak generated or listed, the bot's client secret and its tokens out of logs, audit and the database", async () => {
    const [client] = await seedKeycloakPartner(bed);
    const ann = await bed.rt.as(MANAGER);
    const created = await runCommand(ann, `create ${APP}`, CONSOLE);
    const asked = await runCommand(ann, `rotate ${APP}`, CONSOLE);
    const goAhead = asked.blocks.flatMap((b) => (b.type === "actions" ? b.actions : []))[0]?.command ?? "";
    const rotated = await runCommand(ann, goAhead, CONSOLE);
    const deletion = await runCommand(ann, `delete ${APP} ${rotated.secret?.keyId}`, CONSOLE);
    await runCommand(ann, deletion.confirmation?.yes.command ?? "", CONSOLE);
    bed.kc.realm.regenerate(client!);
    bed.clock.advance(10 * 60_000);
    await syncClientSecrets(bed.rt.operator);

    expect(
      [created.secret?.value, rotated.secret?.value].every((v) => bed.kc.realm.secretValues.includes(v ?? "")),
    ).toBe(true);
    expect(bed.kc.realm.secretValues.length).toBeGreaterThanOrEqual(5);
    expect(bed.rt.logLines.join("")).toContain("client secret created");
    const values = [...bed.kc.realm.secretValues, KC_BOT_SECRET, ...bed.kc.issuedTokens];
    expect(await leaksOf(bed.rt, values)).toEqual([]);
  });
});
