import { describe, expect, it } from "vitest";
import { startServer } from "../../adapters/root/server.js";
import { runCommand } from "../../src/commands/run-command.js";
import { steward } from "../helpers/cli.js";
import { basic, FORM, form, freePort } from "../helpers/http.js";
import { testRuntime } from "../helpers/runtime.js";
import { MANAGER, seedPartner } from "../helpers/seed.js";

describe("a created secret's value", () => {
  it("appears in no log line, no audit entry and nowhere in the database's files", async () => {
    const port = await freePort();
    const rt = await testRuntime({ env: { HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "trace" } });
    const env = { ...rt.databaseEnv, STEWARD_PEPPER: rt.config.pepper!, LOG_LEVEL: "trace" };
    const server = await startServer(rt);
    try {
      const { app } = await seedPartner(rt.operator);
      const ann = await rt.as(MANAGER);
      const values: string[] = [];
      for (const line of ["create Partner-NL-Search", "rotate Partner-NL-Search --name Next"]) {
        const reply = await runCommand(ann, line, { surface: "console", canShowForms: false, canRevealSecrets: true });
        values.push(reply.secret!.value);
      }
      const viaCli = await steward(["secret", "create", "--app", app.name, "--as", MANAGER, "--json"], env);
      expect(viaCli.code, viaCli.stderr).toBe(0);
      values.push((JSON.parse(viaCli.stdout) as { value: string }).value);

      // Use them at the token endpoint, right and wrong, so the HTTP path logs whatever it logs.
      for (const value of values) {
        const ok = await fetch(`http://127.0.0.1:${port}/oauth2/token`, {
          method: "POST",
          headers: { ...FORM, authorization: basic(app.clientId, value) },
          body: form({ grant_type: "client_credentials" }),
        });
        expect(ok.status).toBe(200);
        await fetch(`http://127.0.0.1:${port}/oauth2/token`, {
          method: "POST",
          headers: FORM,
          body: form({ grant_type: "client_credentials", client_id: app.clientId, client_secret: `${value}x` }),
        });
      }
      await server.lastUsed.flush();

      const logs = rt.logLines.join("") + viaCli.stderr;
      const audit = JSON.stringify(await rt.db.select().from(rt.db.t.auditEntries));
      const bytes = await rt.database.bytes();
      expect(rt.logLines.length).toBeGreaterThan(0);
      expect(audit).toContain("secret.created");
      for (const value of values) {
        const body = value.slice(4);
        expect(logs).not.toContain(body);
        expect(audit).not.toContain(body);
        expect(bytes.includes(Buffer.from(body))).toBe(false);
        expect(bytes.includes(Buffer.from(body.slice(0, 20)))).toBe(false);
      }
    } finally {
      await server.stop();
      await rt.cleanup();
    }
  });
});
