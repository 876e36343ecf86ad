/**
 * Access asked for and decided on the console, with a real SMTP server for the deciders and the
 * requester who are not in a chat: request → both deciders told → one approves → the requester can
 * `show` the application; a second approval is refused naming who decided; deny with a reason;
 * nobody decides their own request; a viewer cannot approve; an undecided request lapses after 7 days;
 * time-bound grants work until their end and not a second after, are announced 3 days before, and end
 * in the audit log; an application left with one manager is reported.
 */
import { Readable, Writable } from "node:stream";
import { desc, eq } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runConsole } from "../../../adapters/console/repl.js";
import type { CommandEnv } from "../../../src/commands/command.js";
import { runCommand } from "../../../src/commands/run-command.js";
import { accessHousekeeping } from "../../../src/jobs/access-housekeeping.js";
import type { Reply } from "../../../src/reply.js";
import { addApplication } from "../../../src/verbs/add-application.js";
import { addOrganisation } from "../../../src/verbs/add-organisation.js";
import { grantAccess } from "../../../src/verbs/grant-access.js";
import { FixedClock } from "../../fakes/fixed-clock.js";
import { freePort } from "../../helpers/http.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, STRANGER, seedPartner, VIEWER } from "../../helpers/seed.js";
import { TestSmtp } from "../../helpers/smtp.js";

const APP = "Partner-NL-Search";
const ADMIN = "root@registry.org";
const ORG_MANAGER = "olga@partner-nl.org";
const DAY = 86_400_000;
const CONSOLE: CommandEnv = { surface: "console", canShowForms: false, canRevealSecrets: true };

const text = (reply: Reply) => reply.blocks.map((b) => ("text" in b ? b.text : "")).join("\n");

describe("access requests and time-bound grants on the console", () => {
  let rt: TestRuntime;
  let smtp: TestSmtp;
  const mailsTo = (to: string): ParsedMail[] => smtp.received.filter((m) => m.to && JSON.stringify(m.to).includes(to));
  const run = async (email: string, line: string) => runCommand(await rt.as(email), line, CONSOLE);
  const audit = async () => (await rt.db.select().from(rt.db.t.auditEntries)).map((e) => e.action);
  /** The number of the request `email` made last, read from the database. */
  const lastRequestOf = async (email: string) => {
    const { accessRequests, people } = rt.db.t;
    const [row] = await rt.db
      .select({ id: accessRequests.id })
      .from(accessRequests)
      .innerJoin(people, eq(people.id, accessRequests.personId))
      .where(eq(people.email, email))
      .orderBy(desc(accessRequests.id))
      .limit(1);
    if (!row) throw new Error(`${email} made no request`);
    return row.id;
  };

  /** The real console, one line typed by `email`; what it printed after its banner. */
  async function typed(email: string, line: string): Promise<string> {
    let output = "";
    const sink = new Writable({
      write(chunk, _enc, done) {
        output += chunk.toString();
        done();
      },
    });
    await runConsole(rt, { email, input: Readable.from([`${line}\n`]), output: sink, isTTY: false });
    return output.split("\n").slice(1).join("\n");
  }

  beforeEach(async () => {
    smtp = new TestSmtp(await freePort());
    await smtp.start();
    rt = await testRuntime({
      env: { ADMIN_EMAILS: ADMIN, SMTP_URL: smtp.url, GRANT_MAX_DAYS: "90" },
      clock: new FixedClock("2027-03-01T09:00:00Z"),
    });
    await seedPartner(rt.operator);
    await grantAccess(rt.operator, {
      email: ORG_MANAGER,
      target: { kind: "organisation", ref: "Partner NL" },
      role: "manager",
    });
  });
  afterEach(async () => {
    await rt.cleanup();
    await smtp.stop();
  });

  it("walks a request from asking to access: deciders told, one approves, the other is told it is done", async () => {
    const asked = await typed(STRANGER, `request ${APP} viewer --for 30d --reason "to check our integration"`);
    expect(asked).toContain(`⏳ Asked to view ${APP} for 30 days. The people who can decide it are told`);
    const id = await lastRequestOf(STRANGER);
    for (const decider of [ADMIN, ORG_MANAGER]) {
      await expect.poll(() => mailsTo(decider).length).toBe(1);
      const mail = mailsTo(decider)[0];
      expect(mail?.subject).toBe(`⏳ ${STRANGER} asks to view ${APP}`);
      expect(mail?.text).toContain("to check our integration");
      expect(mail?.text).toContain(`approve ${id}`);
      expect(mail?.text).toContain("in the console (npx steward console)");
    }
    expect(mailsTo(STRANGER)).toHaveLength(0);

    expect(text(await run(ORG_MANAGER, "requests"))).toContain(`*#${id}* ${STRANGER} asks to view ${APP} for 30 days`);
    const approved = await typed(ORG_MANAGER, `approve ${id}`);
    expect(approved).toContain(`✅ ${STRANGER} may now view ${APP} until 2027-03-31 09:00 UTC`);
    const second = await run(ADMIN, `approve #${id}`);
    expect(text(second)).toContain(`Request #${id} was already approved by ${ORG_MANAGER} on 2027-03-01 09:00 UTC`);
    await expect.poll(() => mailsTo(STRANGER).length).toBe(1);
    expect(mailsTo(STRANGER)[0]?.text).toContain(
      `Your request to view ${APP} was approved by ${ORG_MANAGER}, until 2027-03-31`,
    );

    const shown = await typed(STRANGER, `show ${APP}`);
    expect(shown).toContain("Your access: viewer");
    expect(shown).toContain(`${STRANGER} (until 2027-03-31)`);
    const actions = await audit();
    expect(actions.filter((a) => a === "access.requested")).toHaveLength(1);
    expect(actions.filter((a) => a === "access.approved")).toHaveLength(1);
    const entries = await rt.db.select().from(rt.db.t.auditEntries);
    const added = entries.filter(
      (e) => e.action === "grant.added" && (e.detail as { email?: string }).email === STRANGER,
    );
    expect(added).toHaveLength(1);
    expect(added[0]?.detail).toMatchObject({ request: id, endsOn: "2027-03-31" });
    const approval = entries.find((e) => e.action === "access.approved");
    expect(approval?.actor).toBe(ORG_MANAGER);
    expect(approval?.detail).toMatchObject({ email: STRANGER, endsOn: "2027-03-31" });
  });

  it("updates an open request when asked again, and says the asker already holds a grant", async () => {
    await run(STRANGER, `request ${APP} viewer`);
    const again = await run(STRANGER, `request ${APP} viewer --reason "now with a reason"`);
    expect(text(again)).toContain("(your open request, updated)");
    expect(await rt.db.select().from(rt.db.t.accessRequests)).toHaveLength(1);
    expect(text(await run(VIEWER, `request ${APP} viewer`))).toContain(`✅ You already are a viewer of ${APP}`);
    expect(text(await run(MANAGER, `request ${APP} viewer`))).toContain("✅ You already are");
  });

  it("denies with a reason the requester is told, and refuses a decision by the requester or a viewer", async () => {
    await run(STRANGER, `request ${APP} manager`);
    const sams = await lastRequestOf(STRANGER);
    expect(text(await run(VIEWER, `approve ${sams}`))).toContain(
      "Only administrators and credential managers of a whole organisation",
    );
    await run(ADMIN, `request ${APP} manager`);
    const own = await lastRequestOf(ADMIN);
    expect(text(await run(ADMIN, `approve ${own}`))).toContain("Nobody decides their own request");
    // A manager of the organisation may not decide a request for the organisation itself.
    await run(STRANGER, `request "Partner NL" viewer`);
    const forOrganisation = await lastRequestOf(STRANGER);
    expect(text(await run(ORG_MANAGER, `approve ${forOrganisation}`))).toContain(
      "requests for an organisation are for administrators",
    );
    expect(await rt.db.select().from(rt.db.t.accessGrants)).toHaveLength(3); // seeded only

    const denied = await run(ORG_MANAGER, `deny ${sams} --reason "ask your team lead first"`);
    expect(text(denied)).toContain(`✅ Denied: ${STRANGER} may not manage ${APP}`);
    await expect.poll(() => mailsTo(STRANGER).length).toBe(1);
    expect(mailsTo(STRANGER)[0]?.text).toContain(`was denied by ${ORG_MANAGER}: ask your team lead first`);
    expect((await run(STRANGER, `show ${APP}`)).tone).toBe("error");
    const denial = (await rt.db.select().from(rt.db.t.auditEntries)).find((e) => e.action === "access.denied");
    expect(denial?.detail).toMatchObject({ reason: "ask your team lead first" });
  });

  it("lets an undecided request lapse after 7 days and tells the requester", async () => {
    await run(STRANGER, `request ${APP} viewer`);
    const id = await lastRequestOf(STRANGER);
    rt.clock.advance(7 * DAY - 60_000);
    expect((await accessHousekeeping(rt)).lapsed).toBe(0);
    rt.clock.advance(2 * 60_000);
    expect((await accessHousekeeping(rt)).lapsed).toBe(1);
    const [request] = await rt.db.select().from(rt.db.t.accessRequests);
    expect(request?.status).toBe("lapsed");
    expect(await audit()).toContain("access.lapsed");
    await expect.poll(() => mailsTo(STRANGER).length).toBe(1);
    expect(mailsTo(STRANGER)[0]?.text).toContain("lapsed: nobody decided it within 7 days");
    expect(text(await run(ADMIN, `approve ${id}`))).toContain(`Request #${id} was already lapsed`);
    expect((await accessHousekeeping(rt)).lapsed).toBe(0);
  });

  it("works a time-bound grant until its end and not a second after, warns 3 days before, and records the end", async () => {
    const granted = await run(ADMIN, `grant ${STRANGER} ${APP} manager --for 10d`);
    expect(text(granted)).toContain(`is a credential manager of application ${APP} until 2027-03-11 09:00 UTC`);
    expect((await run(STRANGER, `show ${APP}`)).tone).toBe("info");

    rt.clock.set("2027-03-08T08:59:00Z"); // 3 days and a minute before the end: not yet
    expect((await accessHousekeeping(rt)).warned).toBe(0);
    rt.clock.set("2027-03-08T09:01:00Z");
    expect((await accessHousekeeping(rt)).warned).toBe(1);
    expect((await accessHousekeeping(rt)).warned).toBe(0);
    await expect.poll(() => mailsTo(STRANGER).length).toBe(1);
    expect(mailsTo(STRANGER)[0]?.text).toContain(`request ${APP} manager --for 30d`);

    rt.clock.set("2027-03-11T08:59:59.000Z");
    expect((await run(STRANGER, `show ${APP}`)).tone).toBe("info");
    rt.clock.set("2027-03-11T09:00:00.000Z");
    expect(text(await run(STRANGER, `show ${APP}`))).toContain("I can't find an application");
    expect(await audit()).not.toContain("grant.ended");

    expect((await accessHousekeeping(rt)).ended).toBe(1);
    const ended = (await rt.db.select().from(rt.db.t.auditEntries)).find((e) => e.action === "grant.ended");
    expect(ended?.detail).toMatchObject({ email: STRANGER, role: "manager", endedOn: "2027-03-11" });
    expect(await rt.db.select().from(rt.db.t.accessGrants)).toHaveLength(3);
  });

  it("reports an application left with one manager when a time-bound manager grant ends", async () => {
    const org = { kind: "organisation" as const, ref: "Partner NL" };
    await rt.db.transaction((tx) => tx.delete(rt.db.t.accessGrants)); // start from one manager of the application
    await grantAccess(rt.operator, { email: MANAGER, target: { kind: "application", ref: APP }, role: "manager" });
    await grantAccess(rt.operator, { email: ORG_MANAGER, target: org, role: "manager", days: 5 });
    rt.clock.advance(5 * DAY);
    await accessHousekeeping(rt);
    await expect.poll(() => mailsTo(ADMIN).length).toBe(1);
    expect(mailsTo(ADMIN)[0]?.subject).toBe(`⚠️ ${APP} has 1 credential manager; at least 2 are recommended`);
    expect(mailsTo(ADMIN)[0]?.text).toContain("because a time-bound grant ended");
  });

  it("refuses grant lengths out of range and unknown or decided requests, saying what is allowed", async () => {
    for (const bad of ["0d", "400d", "abc"]) {
      expect(text(await run(ADMIN, `grant ${STRANGER} ${APP} viewer --for ${bad}`))).toContain(
        `"${bad}" is not a grant length. Give a number of days from 1 to 90, like --for 30d.`,
      );
      expect(text(await run(STRANGER, `request ${APP} viewer --for ${bad}`))).toContain("from 1 to 90");
    }
    expect(text(await run(ADMIN, "approve 999"))).toContain("There is no access request #999");
    expect(text(await run(ADMIN, "deny x12"))).toContain('"x12" is not a request number');
    const long = "y".repeat(501);
    for (const line of [`deny 1 --reason "${long}"`, `request ${APP} viewer --reason "${long}"`]) {
      expect(text(await run(ADMIN, line)), line).toContain("Keep the reason under 500 characters.");
    }
  });

  it("sends a request for a name that is no application to the administrators, answered as a real one, and it lapses", async () => {
    const unknown = text(await run(STRANGER, "request Partner-NL-Serch viewer --reason typo"));
    const real = text(await run(STRANGER, `request ${APP} viewer --reason real`));
    expect(unknown.replace("Partner-NL-Serch", "X")).toBe(real.replace(APP, "X"));
    const id = (await lastRequestOf(STRANGER)) - 1;

    // The administrators are told, by mail here, as a request for a name nothing has; nobody else is.
    await expect.poll(() => mailsTo(ADMIN).length).toBe(2);
    const mail = mailsTo(ADMIN).find((m) => m.subject?.includes("Partner-NL-Serch"));
    expect(mail?.text).toContain(
      'Asks to: view "Partner-NL-Serch" (no application or organisation has this name: a typo, or one not registered yet)',
    );
    expect(mail?.text).toContain(`approve ${id}`);
    expect(mailsTo(ORG_MANAGER).map((m) => m.subject)).toEqual([`⏳ ${STRANGER} asks to view ${APP}`]);
    expect(text(await run(ADMIN, "requests"))).toContain(`#${id}* ${STRANGER} asks to view Partner-NL-Serch`);
    expect(text(await run(ORG_MANAGER, "requests"))).not.toContain("Partner-NL-Serch");
    expect(text(await run(ORG_MANAGER, `approve ${id}`))).toContain("❌");

    // Approving needs a real name; the administrator is told what to do instead.
    expect(text(await run(ADMIN, `approve ${id}`))).toBe(
      `❌ There is still no application or organisation "Partner-NL-Serch", so request #${id} cannot be approved. Register it first and approve again, or deny it saying which name is right: \`deny ${id} --reason …\`.`,
    );

    // Nobody decides it: it lapses like any other, and the requester hears so.
    rt.clock.advance(7 * DAY);
    expect((await accessHousekeeping(rt)).lapsed).toBe(2);
    await expect.poll(() => mailsTo(STRANGER).length).toBe(2);
    expect(
      mailsTo(STRANGER)
        .map((m) => m.text)
        .join("\n"),
    ).toContain("⌛ Your request to view Partner-NL-Serch lapsed: nobody decided it within 7 days.");
    expect(await audit()).toEqual(expect.arrayContaining(["access.requested", "access.lapsed"]));
  });

  it("approves a request for a name once an administrator has registered it, and denies one with the right name", async () => {
    await run(STRANGER, "request Partner-BE-Match viewer");
    const early = await lastRequestOf(STRANGER);
    await run(VIEWER, "request Partner-NL-Serch manager");
    const typo = await lastRequestOf(VIEWER);
    await addOrganisation(rt.operator, { name: "Partner BE" });
    await addApplication(rt.operator, { name: "Partner-BE-Match", organisation: "Partner BE" });
    expect(text(await run(ADMIN, `approve ${early}`))).toContain(`✅ ${STRANGER} may now view Partner-BE-Match`);
    expect(text(await run(STRANGER, "show Partner-BE-Match"))).toContain("No client secrets");
    expect(text(await run(ADMIN, `deny ${typo} --reason "you mean ${APP}"`))).toContain("✅ Denied");
    await expect.poll(() => mailsTo(VIEWER).length).toBe(1);
    expect(mailsTo(VIEWER)[0]?.text).toContain(
      `❌ Your request to manage Partner-NL-Serch was denied by ${ADMIN}: you mean ${APP}.`,
    );
  });

  it("tells the requester whom to ask when nobody who can decide could be reached", async () => {
    await smtp.stop(); // the deciders have no chat, and the mail server is down
    const reply = text(await run(STRANGER, `request ${APP} viewer`));
    expect(reply).toContain(
      `I couldn't reach anyone who can decide it yet (I keep trying): ask an administrator (${ADMIN})`,
    );
  });

  it("says when a secret was last used before deleting it", async () => {
    const created = await run(MANAGER, `create ${APP} --name Production`);
    const hint = created.secret?.hint ?? "";
    expect(text(await run(MANAGER, `delete ${APP} ${hint}`))).toContain("It has never been used to get a token");
    const { clientSecrets } = rt.db.t;
    await rt.db.transaction((tx) =>
      tx.update(clientSecrets).set({ lastUsedAt: new Date(rt.clock.now().getTime() - 2 * 3_600_000) }),
    );
    expect(text(await run(MANAGER, `delete ${APP} ${hint}`))).toContain(
      "⚠️ It was last used 2 hours ago to get a token: something still depends on it.",
    );
  });
});
