import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { addAdministrator } from "../../../src/verbs/add-administrator.js";
import { listGrants } from "../../../src/verbs/list-grants.js";
import { codeOf, refusal } from "../../helpers/errors.js";
import { auditOf } from "../../helpers/rows.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, seedPartner, VIEWER } from "../../helpers/seed.js";

const ROOT = "root@registry.org";
const NEW_ADMIN = "ada@registry.org";

describe("adding an administrator", () => {
  let rt: TestRuntime;
  afterEach(async () => {
    await rt.cleanup();
  });

  const administrators = async (runtime: TestRuntime) => {
    const { administrators, people } = runtime.db.t;
    return runtime.db
      .select({ email: people.email, addedBy: administrators.addedBy })
      .from(administrators)
      .innerJoin(people, eq(people.id, administrators.personId));
  };

  it("makes a person an administrator once, audited once, after which they administer", async () => {
    rt = await testRuntime();
    await seedPartner(rt.operator);
    expect(await codeOf(async () => listGrants(await rt.as(NEW_ADMIN), {}))).toBe("FORBIDDEN");

    expect(await addAdministrator(rt.operator, { email: " Ada@Registry.org " })).toBe(true);
    expect(await addAdministrator(rt.operator, { email: NEW_ADMIN })).toBe(false);

    expect(await administrators(rt)).toEqual([{ email: NEW_ADMIN, addedBy: "operator:test" }]);
    const audit = await auditOf(rt, "administrator.added");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: "operator:test", surface: "cli", target: NEW_ADMIN });
    const ada = await rt.as(NEW_ADMIN);
    expect(ada.actor.isAdmin).toBe(true);
    expect((await listGrants(ada, {})).map((g) => g.email).sort()).toEqual([MANAGER, VIEWER]);
  });

  it("lets an administrator from ADMIN_EMAILS add another, audited under their own e-mail", async () => {
    rt = await testRuntime({ env: { ADMIN_EMAILS: ROOT } });
    expect(await addAdministrator(await rt.as(ROOT), { email: NEW_ADMIN })).toBe(true);
    expect(await administrators(rt)).toEqual([{ email: NEW_ADMIN, addedBy: ROOT }]);
    expect((await auditOf(rt, "administrator.added")).map((e) => [e.actor, e.surface, e.target])).toEqual([
      [ROOT, "console", NEW_ADMIN],
    ]);
  });

  it("refuses a credential manager, naming the administrators to ask, and records nothing", async () => {
    rt = await testRuntime({ env: { ADMIN_EMAILS: ROOT } });
    await seedPartner(rt.operator);
    const error = await refusal(async () => addAdministrator(await rt.as(MANAGER), { email: NEW_ADMIN }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toBe(
      `Only administrators can add administrators. If you need this, ask an administrator (${ROOT}).`,
    );
    expect(await administrators(rt)).toEqual([]);
    expect(await auditOf(rt, "administrator.added")).toEqual([]);
    const { people } = rt.db.t;
    expect(await rt.db.select().from(people).where(eq(people.email, NEW_ADMIN))).toEqual([]);
  });

  it("refuses an address that is not an e-mail address, and records nothing", async () => {
    rt = await testRuntime();
    const error = await refusal(() => addAdministrator(rt.operator, { email: "ada at registry" }));
    expect(error.code).toBe("VALIDATION");
    expect(error.message).toBe('"ada at registry" is not an e-mail address. Use the form name@example.org.');
    expect(await administrators(rt)).toEqual([]);
    expect(await auditOf(rt, "administrator.added")).toEqual([]);
  });
});
