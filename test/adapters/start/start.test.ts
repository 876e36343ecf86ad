import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, cliEnv } from "../../helpers/cli.js";
import { freePort } from "../../helpers/http.js";
import { waitForOutput } from "../../helpers/process.js";
import { tempDir } from "../../helpers/runtime.js";

describe("steward start", () => {
  it("comes up with no configuration, creates its database, says what runs where, and stops on SIGTERM", async () => {
    const cwd = tempDir();
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, "start"], { cwd, env: cliEnv({ PORT: String(port) }) });
    try {
      const banner = await waitForOutput(child, /Next: npx steward console/);
      expect(banner).toContain(`HTTP      http://127.0.0.1:${port}`);
      expect(banner).toContain(`Issuer    http://localhost:${port}`);
      expect(banner).toContain("Slack     off");
      expect(existsSync(join(cwd, "data", "steward.db"))).toBe(true);
      expect(existsSync(join(cwd, "data", "steward.db.pepper"))).toBe(true);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: "ready", database: "ok" }]);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
  });

  it("exits 1 with a clear message when the port is taken", async () => {
    const port = await freePort();
    const first = spawn(process.execPath, [BIN, "start"], { cwd: tempDir(), env: cliEnv({ PORT: String(port) }) });
    try {
      await waitForOutput(first, /Next:/);
      const second = spawn(process.execPath, [BIN, "start"], { cwd: tempDir(), env: cliEnv({ PORT: String(port) }) });
      let stderr = "";
      second.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
      });
      const code = await new Promise<number | null>((resolve) => second.once("exit", resolve));
      expect(code).toBe(1);
      expect(stderr).toContain(`Port ${port} on 127.0.0.1 is in use`);
    } finally {
      first.kill("SIGTERM");
    }
  });
});
