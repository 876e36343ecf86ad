import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addApplication } from "../../../src/verbs/add-application.js";
import { addOrganisation } from "../../../src/verbs/add-organisation.js";
import { lookupApplication } from "../../../src/verbs/find-application.js";
import { findClientSecret } from "../../../src/verbs/find-client-secret.js";
import { findOrganisation, lookupOrganisation } from "../../../src/verbs/find-organisation.js";
import { resolveGrantTarget } from "../../../src/verbs/resolve-grant-target.js";
import { codeOf, refusal } from "../../helpers/errors.js";
import { applicationNamed, insertCredential } from "../../helpers/rows.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, seedPartner } from "../../helpers/seed.js";

const APP = "Partner-NL-Search";
const ORG = "Partner NL";
const DAY = 86_400_000;

describe("looking up an application", () => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await testRuntime();
    await seedPartner(rt.operator);
  });
  afterEach(async () => {
    await rt.cleanup();
  });

  it("finds an application by its name in any case or by its clientId, ignoring surrounding spaces", async () => {
    const { id, clientId } = await applicationNamed(rt, APP);
    for (const ref of [APP, "partner-nl-search", "PARTNER-NL-SEARCH", `  ${APP}\t`, clientId, ` ${clientId} `]) {
      expect((await lookupApplication(rt.db, ref))?.id).toBe(id);
    }
  });

  it("finds nothing for an unknown name, a part of a name or an organisation's name", async () => {
    for (const ref of ["No-Such-App", "Partner-NL", ORG, ""]) {
      expect(await lookupApplication(rt.db, ref)).toBeUndefined();
    }
  });
});

describe("finding one secret of an application", () => {
  let rt: TestRuntime;
  const K1 = "0a1b2c3d-1111-4111-8111-111111111111";
  const K2 = "9f8e7d6c-2222-4222-8222-222222222222";
  const inDays = (days: number) => new Date(rt.clock.now().getTime() + days * DAY);
  beforeEach(async () => {
    rt = await testRuntime();
    await seedPartner(rt.operator);
    const app = await applicationNamed(rt, APP);
    await insertCredential(rt, app.id, { keyId: K1, hint: "sst_Abc", expiresAt: inDays(30) });
    await insertCredential(rt, app.id, { keyId: K2, hint: "sst_Xyz", expiresAt: inDays(60) });
  });
  afterEach(async () => {
    await rt.cleanup();
  });

  it("finds a secret by key id, by hint with or without its prefix or the … show adds, and by a key id prefix of 8 characters", async () => {
    const ann = await rt.as(MANAGER);
    const app = await applicationNamed(rt, APP);
    for (const ref of [K1, "sst_Abc", "Abc", "sst_Abc…", "sst_Abc...", " Abc ", "0a1b2c3d", "0A1B2C3D-1111"]) {
      expect((await findClientSecret(ann, app, ref)).keyId).toBe(K1);
    }
    expect((await findClientSecret(ann, app, "Xyz")).keyId).toBe(K2);
  });

  it("refuses a key id prefix under 8 characters and an unknown hint, saying where to look on each surface", async () => {
    const app = await applicationNamed(rt, APP);
    const inChat = await refusal(async () => findClientSecret(await rt.as(MANAGER), app, "0a1b2c3"));
    expect(inChat.code).toBe("NOT_FOUND");
    expect(inChat.message).toBe(
      `${APP} has no secret "0a1b2c3". Type \`show ${APP}\` to see its secrets' hints and key ids.`,
    );
    const atCli = await refusal(() => findClientSecret(rt.operator, app, "sst_Nop…"));
    expect(atCli.code).toBe("NOT_FOUND");
    expect(atCli.message).toBe(
      `${APP} has no secret "sst_Nop". Run \`steward secret list --app ${APP}\` to see its secrets' hints and key ids.`,
    );
  });

  it("refuses to guess between two secrets that match, but an exact key id still finds one", async () => {
    const app = await applicationNamed(rt, APP);
    await insertCredential(rt, app.id, {
      keyId: "0a1b2c3d-3333-4333-8333-333333333333",
      hint: "sst_Xyz",
      expiresAt: inDays(9),
    });
    const ann = await rt.as(MANAGER);
    for (const ref of ["0a1b2c3d", "Xyz", "sst_Xyz"]) {
      const error = await refusal(() => findClientSecret(ann, app, ref));
      expect(error.code).toBe("VALIDATION");
      expect(error.message).toContain(`More than one secret of ${APP} starts with "${ref}"`);
    }
    expect((await findClientSecret(ann, app, K1)).keyId).toBe(K1);
  });

  it("refuses a certificate, which the bot lists but never deletes", async () => {
    const app = await applicationNamed(rt, APP);
    await insertCredential(rt, app.id, { keyId: "cert-0001", hint: "cer", kind: "certificate", expiresAt: inDays(90) });
    const error = await refusal(async () => findClientSecret(await rt.as(MANAGER), app, "cert-0001"));
    expect(error.code).toBe("VALIDATION");
    expect(error.message).toContain(`That is a certificate of ${APP}`);
  });

  it("finds only the application's own secrets", async () => {
    await addApplication(rt.operator, { name: "Partner-NL-Match", organisation: ORG });
    const other = await applicationNamed(rt, "Partner-NL-Match");
    await insertCredential(rt, other.id, {
      keyId: "7e7e7e7e-4444-4444-8444-444444444444",
      hint: "sst_Oth",
      expiresAt: inDays(5),
    });
    const app = await applicationNamed(rt, APP);
    const ann = await rt.as(MANAGER);
    expect(await codeOf(() => findClientSecret(ann, app, "7e7e7e7e-4444-4444-8444-444444444444"))).toBe("NOT_FOUND");
    expect(await codeOf(() => findClientSecret(ann, app, "Oth"))).toBe("NOT_FOUND");
  });
});

describe("finding an organisation", () => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await testRuntime();
    await seedPartner(rt.operator);
  });
  afterEach(async () => {
    await rt.cleanup();
  });

  it("finds an organisation by name in any case, ignoring surrounding spaces", async () => {
    const org = await findOrganisation(rt.db, ORG, "console");
    expect(org.name).toBe(ORG);
    for (const name of ["partner nl", " PARTNER NL "]) {
      expect((await lookupOrganisation(rt.db, name))?.id).toBe(org.id);
      expect((await findOrganisation(rt.db, name, "cli")).id).toBe(org.id);
    }
    expect(await lookupOrganisation(rt.db, "Partner")).toBeUndefined();
  });

  it("refuses an unknown organisation, saying how to add it at the CLI and whom to ask in chat", async () => {
    const atCli = await refusal(() => findOrganisation(rt.db, "Partner DE", "cli"));
    expect(atCli.code).toBe("NOT_FOUND");
    expect(atCli.message).toBe(
      'There is no organisation "Partner DE". Check the name with `steward org list`, or add it with `steward org add "Partner DE"`.',
    );
    const inChat = await refusal(() => findOrganisation(rt.db, "Partner DE", "slack"));
    expect(inChat.code).toBe("NOT_FOUND");
    expect(inChat.message).toBe(
      'There is no organisation "Partner DE". Check the name (put one with spaces in quotes), or ask an administrator to add it.',
    );
  });
});

describe("resolving what a grant is on", () => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await testRuntime();
    await seedPartner(rt.operator);
  });
  afterEach(async () => {
    await rt.cleanup();
  });

  it("resolves an application by name or clientId and an organisation by name", async () => {
    const app = await applicationNamed(rt, APP);
    expect(await resolveGrantTarget(rt.db, { kind: "either", ref: "partner-nl-search" }, "console")).toMatchObject({
      kind: "application",
      name: APP,
      app: { id: app.id },
    });
    expect(await resolveGrantTarget(rt.db, { kind: "application", ref: app.clientId }, "cli")).toMatchObject({
      kind: "application",
      name: APP,
    });
    expect(await resolveGrantTarget(rt.db, { kind: "either", ref: "partner nl" }, "console")).toMatchObject({
      kind: "organisation",
      name: ORG,
    });
  });

  it("refuses a name that is both an application and an organisation unless the kind is given", async () => {
    await addOrganisation(rt.operator, { name: APP });
    const app = await applicationNamed(rt, APP);
    const chat = await refusal(() => resolveGrantTarget(rt.db, { kind: "either", ref: APP }, "console"));
    expect(chat.code).toBe("VALIDATION");
    expect(chat.message).toContain(`Use the application's clientId (${app.clientId})`);
    const cli = await refusal(() => resolveGrantTarget(rt.db, { kind: "either", ref: APP }, "cli"));
    expect(cli.message).toContain(`Use --app ${app.clientId}`);
    expect((await resolveGrantTarget(rt.db, { kind: "application", ref: APP }, "console")).kind).toBe("application");
    const org = await resolveGrantTarget(rt.db, { kind: "organisation", ref: APP }, "console");
    expect(org).toMatchObject({ kind: "organisation", name: APP });
  });

  it("refuses an unknown target, naming what was looked for", async () => {
    const either = await refusal(() => resolveGrantTarget(rt.db, { kind: "either", ref: "Nope" }, "console"));
    expect(either.code).toBe("NOT_FOUND");
    expect(either.message).toBe('There is no application or organisation "Nope". Check the name with `list`.');
    const app = await refusal(() => resolveGrantTarget(rt.db, { kind: "application", ref: ORG }, "cli"));
    expect(app.code).toBe("NOT_FOUND");
    expect(app.message).toBe(
      `There is no application "${ORG}". Check the name with \`steward app list\` (its clientId works too).`,
    );
    const org = await refusal(() => resolveGrantTarget(rt.db, { kind: "organisation", ref: APP }, "console"));
    expect(org.code).toBe("NOT_FOUND");
    expect(org.message).toBe(`There is no organisation "${APP}". Check the name with \`list\`.`);
  });
});
