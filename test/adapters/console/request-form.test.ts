/**
 * A form on the console: `request` alone asks its fields one by one (label, choices, default in
 * brackets), the next lines being the answers without a terminal, and files the request through the
 * same core call as a modal or a card; problems are said per field. `create <app>` still creates at
 * once with the defaults there.
 */
import { Readable, Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runConsole } from "../../../adapters/console/repl.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, STRANGER, seedPartner } from "../../helpers/seed.js";

const APP = "Partner-NL-Search";

describe("a form on the console", () => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await testRuntime({ env: { ADMIN_EMAILS: "root@registry.org", GRANT_MAX_DAYS: "90" } });
    await seedPartner(rt.operator);
  });
  afterEach(async () => {
    await rt.cleanup();
  });

  /** The real console without a terminal, these lines typed by `email`; everything it printed. */
  async function typed(email: string, lines: string[]): Promise<string> {
    let output = "";
    const sink = new Writable({
      write(chunk, _enc, done) {
        output += chunk.toString();
        done();
      },
    });
    const input = Readable.from([`${lines.join("\n")}\n`]);
    await runConsole(rt, { email, input, output: sink, isTTY: false });
    return output;
  }

  it("asks the request form field by field and files the request with the answers", async () => {
    const out = await typed(STRANGER, ["request", APP, "viewer", "", 'to check "our" integration', "list"]);
    expect(out).toContain("Request access");
    expect(out).toContain(`Application or organisation: ${APP}`);
    expect(out).toContain("  viewer — Viewer: sees it and its secrets' metadata");
    expect(out).toContain("Role (manager / viewer): viewer");
    expect(out).toContain("  A number of days, like 30d, at most 90. Leave it empty to ask for no end.");
    expect(out).toContain("For how long: \n");
    expect(out).toContain(`⏳ Asked to view ${APP}.`);
    expect(out).toContain("You have no applications yet"); // the line after the form is a command again
    const [row] = await rt.db.select().from(rt.db.t.accessRequests);
    expect(row).toMatchObject({ role: "viewer", days: null, reason: 'to check "our" integration' });
  });

  it("says each problem with its field's label, files nothing, and reads the next line as a command", async () => {
    const out = await typed(STRANGER, ["request", "", "boss", "9999d", "", "help"]);
    expect(out).toContain("❌ Application or organisation: Say which application or organisation.");
    expect(out).toContain("❌ Role: The role is manager or viewer.");
    expect(out).toContain('❌ For how long: "9999d" is not a grant length.');
    expect(out).toContain("your commands");
    expect(await rt.db.select().from(rt.db.t.accessRequests)).toEqual([]);
  });

  it("still creates a secret at once with `create <app>`, asking nothing", async () => {
    const out = await typed(MANAGER, [`create ${APP}`]);
    expect(out).toMatch(/│ sst_\S+ │/);
    expect(out).not.toContain("Display name [");
    const [secret] = await rt.db.select().from(rt.db.t.clientSecrets);
    expect(secret?.displayName).toBe("Secret by ann");
  });
});
