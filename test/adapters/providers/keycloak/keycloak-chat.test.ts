import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderText } from "../../../../adapters/console/render-text.js";
import { createFormFor } from "../../../../src/commands/create-form.js";
import { runCommand } from "../../../../src/commands/run-command.js";
import { submitForm } from "../../../../src/commands/submit-form.js";
import { hiddenValues } from "../../../../src/reply.js";
import { addOrganisation } from "../../../../src/verbs/add-organisation.js";
import { importApplications } from "../../../../src/verbs/import-applications.js";
import { syncClientSecrets } from "../../../../src/verbs/sync-client-secrets.js";
import { REALM } from "../../../fakes/fake-keycloak.js";
import { MANAGER, VIEWER } from "../../../helpers/seed.js";
import { APP, type KeycloakBed, keycloakTestbed, seedKeycloakPartner } from "./keycloak-testbed.js";

const CONSOLE = { surface: "console", canShowForms: false, canRevealSecrets: true } as const;
const OUTAGE = "❌ Keycloak is not answering; nothing was changed. Try again in a minute.";
const DAY = 86_400_000;
const ADMIN = `/admin/realms/${REALM}`;

const say = async (bed: KeycloakBed, email: string, line: string) => runCommand(await bed.rt.as(email), line, CONSOLE);
const secretsOf = async (bed: KeycloakBed) =>
  (await bed.rt.db.select().from(bed.rt.db.t.clientSecrets)).sort((a, b) => a.id - b.id);
const auditOf = async (bed: KeycloakBed) =>
  (await bed.rt.db.select().from(bed.rt.db.t.auditEntries)).map((e) => `${e.actor} ${e.action}`);

describe("SECRET_PROVIDER=keycloak through the chat command layer (console surface)", () => {
  let bed: KeycloakBed;
  beforeEach(async () => {
    bed = await keycloakTestbed();
  });
  afterEach(async () => {
    await bed.close();
  });

  it("imports the realm's clients whose clientId starts with the filter, with their current secrets", async () => {
    const search = bed.kc.realm.addClient("partner-nl-search", { name: "Partner NL Search" });
    const matching = bed.kc.realm.addClient("partner-nl-matching");
    bed.kc.realm.addClient("partner-be-search");
    await addOrganisation(bed.rt.operator, { name: "Partner NL" });
    const outcome = await importApplications(bed.rt.operator, { organisation: "Partner NL", filter: "partner-nl-" });

    expect(outcome.added).toEqual([
      { name: "Partner-NL-Search", clientId: "partner-nl-search", secrets: 1 },
      { name: "partner-nl-matching", clientId: "partner-nl-matching", secrets: 1 },
    ]);
    expect(bed.kc.adminRequests()[0]).toMatchObject({
      method: "GET",
      path: `${ADMIN}/clients`,
      query: { clientId: "partner-nl-", search: "true", first: "0", max: "100" },
      authorization: `Bearer ${bed.kc.issuedTokens[0]}`,
    });
    const apps = await bed.rt.db.select().from(bed.rt.db.t.applications);
    expect(apps.map((a) => [a.clientId, a.providerRef, a.provider]).sort()).toEqual(
      [
        ["partner-nl-matching", matching.id, "keycloak"],
        ["partner-nl-search", search.id, "keycloak"],
      ].sort(),
    );
    expect((await secretsOf(bed)).map((s) => [s.hint, s.displayName, s.isExternal])).toEqual([
      [search.secret.slice(0, 3), "Current secret (set in Keycloak)", true],
      [matching.secret.slice(0, 3), "Current secret (set in Keycloak)", true],
    ]);
  });

  it("creates a secret with the chat command: the value once, the previous one kept as Keycloak's rotated secret with its shorter expiry", async () => {
    const [client] = await seedKeycloakPartner(bed);
    const reply = await say(bed, MANAGER, `create ${APP} --name Build-server --expires 30d`);
    expect(reply.tone).toBe("success");
    expect(reply.secret?.value).toBe(client?.secret);
    expect(renderText(reply)).not.toContain("has ended");
    const [imported, created] = await secretsOf(bed);
    expect(created).toMatchObject({
      keyId: reply.secret?.keyId,
      hint: client?.secret.slice(0, 3),
      displayName: "Build-server",
      hash: null,
      isExternal: false,
      // The realm's rotation policy sets the expiry, not the 30 days asked for.
      expiresAt: new Date(bed.clock.now().getTime() + 90 * DAY),
    });
    expect(imported?.expiresAt).toEqual(new Date(bed.clock.now().getTime() + 3 * DAY));
    expect((await auditOf(bed)).slice(-2)).toEqual([`${MANAGER} secret.created`, `${MANAGER} secret.expiry_changed`]);

    const listed = renderText(await say(bed, VIEWER, "list"));
    expect(listed).toContain("Secrets: 2 unexpired");
    const shown = renderText(await say(bed, VIEWER, `show ${APP}`));
    expect(shown).toContain(`${client?.secret.slice(0, 3)}… Build-server`);
    expect(shown).toContain("Current secret (set in Keycloak) (created outside the bot)");
  });

  it("asks before a rotation would end the previous secret, and goes ahead only for the secret the button names", async () => {
    const [client] = await seedKeycloakPartner(bed);
    const first = client?.secret ?? "";
    await say(bed, MANAGER, `rotate ${APP} --name Second`);
    const asked = await say(bed, MANAGER, `rotate ${APP} --name Third`);
    expect(asked.tone).toBe("waiting");
    expect(renderText(asked)).toContain(
      `Keycloak keeps at most one previous secret: rotating now ends the previous one, ${first.slice(0, 3)}… (Current secret (set in Keycloak))`,
    );
    expect(bed.kc.realm.accepts(client!, first)).toBe(true);
    const goAhead = asked.blocks.flatMap((b) => (b.type === "actions" ? b.actions : []))[0];
    expect(goAhead?.command).toMatch(/^rotate partner-nl-search --name Third --replacing kc-/);

    const rotated = await say(bed, MANAGER, goAhead?.command ?? "");
    expect(rotated.tone).toBe("success");
    expect(renderText(rotated)).toContain(
      `The older secret ${first.slice(0, 3)}… (Current secret (set in Keycloak)) has ended`,
    );
    expect(bed.kc.realm.accepts(client!, first)).toBe(false);
    expect((await secretsOf(bed)).map((s) => s.displayName)).toEqual(["Second", "Third"]);
    expect(await auditOf(bed)).toContain(`${MANAGER} secret.ended`);

    // The same button again would end another secret ("Second"): it asks again instead.
    const twice = await say(bed, MANAGER, goAhead?.command ?? "");
    expect(twice.tone).toBe("waiting");
    expect((await secretsOf(bed)).map((s) => s.displayName)).toEqual(["Second", "Third"]);
  });

  it("says on the create form what a rotation ends, and submitting the form goes ahead", async () => {
    const [client] = await seedKeycloakPartner(bed);
    const first = client?.secret ?? "";
    await say(bed, MANAGER, `rotate ${APP} --name Second`);
    const ann = await bed.rt.as(MANAGER);
    const asked = await createFormFor(ann, APP, true);
    expect(renderText(asked)).toContain(
      "Keycloak keeps at most one previous secret: rotating now ends the previous one",
    );
    expect(renderText(asked)).toContain(`${first.slice(0, 3)}… (Current secret (set in Keycloak))`);
    expect(hiddenValues(asked.form).replacing).toMatch(/^kc-/);
    const submitted = { ...hiddenValues(asked.form), displayName: "Third", expiresOn: "2027-01-31" };
    const outcome = await submitForm(ann, asked.form.command, submitted, { ...CONSOLE, canShowForms: true });
    expect(outcome.kind === "reply" && outcome.reply.tone).toBe("success");
    expect(bed.kc.realm.accepts(client!, first)).toBe(false);
  });

  it("says a realm without a rotation policy ends the current secret at once, before creating", async () => {
    bed.kc.realm.rotation = null;
    const [client] = await seedKeycloakPartner(bed);
    const asked = await say(bed, MANAGER, `create ${APP}`);
    expect(renderText(asked)).toContain(
      `Keycloak keeps no previous secret for this client (its realm has no rotation policy for it): creating one ends the current one, ${client?.secret.slice(0, 3)}…`,
    );
    expect(bed.kc.adminRequests().filter((r) => r.method === "POST")).toEqual([]);
  });

  it("deletes the rotated secret after the confirmation by invalidating it at Keycloak", async () => {
    const [client] = await seedKeycloakPartner(bed);
    const first = client?.secret ?? "";
    await say(bed, MANAGER, `create ${APP} --name New`);
    const asked = await say(bed, MANAGER, `delete ${APP} ${first.slice(0, 3)}`);
    expect(renderText(asked)).not.toContain("generate a new one");
    const done = await say(bed, MANAGER, asked.confirmation?.yes.command ?? "");
    expect(done.tone).toBe("success");
    expect(bed.kc.adminRequests().at(-1)).toMatchObject({
      method: "DELETE",
      path: `${ADMIN}/clients/${client?.id}/client-secret/rotated`,
    });
    expect(bed.kc.realm.accepts(client!, first)).toBe(false);
    expect((await secretsOf(bed)).map((s) => s.displayName)).toEqual(["New"]);
  });

  it("says deleting the current secret makes Keycloak generate one nobody sees and ends the previous; then records it", async () => {
    const [client] = await seedKeycloakPartner(bed);
    const first = client?.secret ?? "";
    const created = (await say(bed, MANAGER, `create ${APP} --name Current`)).secret;
    const asked = await say(bed, MANAGER, `delete ${APP} ${created?.keyId}`);
    const question = renderText(asked);
    expect(question).toContain(
      "Keycloak cannot leave a client without a secret: deleting its current secret makes Keycloak generate a new one, which nobody sees.",
    );
    expect(question).toContain(
      `The previous secret ${first.slice(0, 3)}… (Current secret (set in Keycloak)) ends too.`,
    );
    expect(question).toContain("every API connection of this application stops");

    expect((await say(bed, MANAGER, asked.confirmation?.yes.command ?? "")).tone).toBe("success");
    expect(bed.kc.realm.accepts(client!, created?.value ?? "")).toBe(false);
    expect(bed.kc.realm.accepts(client!, first)).toBe(false);
    const [unseen] = await secretsOf(bed);
    expect(unseen).toMatchObject({ hint: client?.secret.slice(0, 3), isExternal: true });
    expect((await auditOf(bed)).slice(-3)).toEqual([
      `${MANAGER} secret.deleted`,
      `${MANAGER} secret.external_added`,
      `${MANAGER} secret.ended`,
    ]);
  });

  it("picks up a secret regenerated in the admin console with sync: the new one recorded, the old one now the rotated", async () => {
    const [client] = await seedKeycloakPartner(bed);
    const first = client?.secret ?? "";
    bed.clock.advance(DAY);
    bed.kc.realm.regenerate(client!);
    bed.clock.advance(10 * 60_000);
    const outcome = await syncClientSecrets(bed.rt.operator);
    expect(outcome.added.map((s) => s.hint)).toEqual([client?.secret.slice(0, 3)]);
    expect(outcome.removed).toEqual([]);
    const [old, found] = await secretsOf(bed);
    expect(old).toMatchObject({
      hint: first.slice(0, 3),
      expiresAt: new Date(bed.clock.now().getTime() - 10 * 60_000 + 3 * DAY),
    });
    expect(found).toMatchObject({ displayName: "Current secret (set in Keycloak)", isExternal: true });
    expect((await auditOf(bed)).slice(-2).sort()).toEqual(
      ["operator:test secret.expiry_changed", "operator:test secret.external_added"].sort(),
    );
    bed.kc.realm.invalidateRotated(client!);
    const again = await syncClientSecrets(bed.rt.operator);
    expect(again.removed.map((s) => s.hint)).toEqual([first.slice(0, 3)]);
  });

  it("waits out throttling, and in an outage says Keycloak is not answering and changes nothing", async () => {
    const [client] = await seedKeycloakPartner(bed);
    bed.kc.script.push({ status: 429, headers: { "retry-after": "0" }, body: { error: "too_many_requests" } });
    const throttled = await say(bed, MANAGER, `create ${APP} --name After-a-wait`);
    expect(throttled.tone).toBe("success");
    const asked = await say(bed, MANAGER, `delete ${APP} ${throttled.secret?.keyId}`);
    const before = await secretsOf(bed);
    const secret = client?.secret;

    bed.kc.isDown = true;
    expect(renderText(await say(bed, MANAGER, `rotate ${APP} --replacing x`))).toBe(OUTAGE);
    expect(renderText(await say(bed, MANAGER, asked.confirmation?.yes.command ?? ""))).toBe(OUTAGE);
    expect(client?.secret).toBe(secret);
    expect(await secretsOf(bed)).toEqual(before);

    bed.kc.isDown = false;
    expect((await say(bed, MANAGER, asked.confirmation?.yes.command ?? "")).tone).toBe("success");
  });
});
