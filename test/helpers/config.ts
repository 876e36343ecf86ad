/** What tests share without a database: the test pepper, a temporary directory and a parsed configuration. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Config, loadConfig } from "../../src/config.js";

export const TEST_PEPPER = "test-pepper-0123456789-abcdefghijklmnop";

export function tempDir(prefix = "steward-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The configuration the environment `env` gives (with the test pepper), or the problems as an error. */
export function testConfig(env: Record<string, string> = {}): Config {
  const result = loadConfig({ STEWARD_PEPPER: TEST_PEPPER, ...env });
  if (!result.ok) throw new Error(result.problems.join("; "));
  return result.config;
}
