import { afterEach, describe, expect, it } from "vitest";
import { type Server, startServer } from "../../../adapters/root/server.js";
import { FixedClock } from "../../fakes/fixed-clock.js";
import { TEST_PEPPER } from "../../helpers/config.js";
import { basic, FORM, form, freePort, postFrom } from "../../helpers/http.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";

const grant = form({ grant_type: "client_credentials" });
const wrongSecret = `sst_${"A".repeat(49)}`;

describe("TRUST_PROXY at the token endpoint", () => {
  let rt: TestRuntime;
  let server: Server;
  let base = "";
  let n = 0;

  async function serve(env: Record<string, string> = {}) {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    rt = await testRuntime({
      env: { PORT: String(port), PUBLIC_URL: base, STEWARD_PEPPER: TEST_PEPPER, ...env },
      clock: new FixedClock(new Date()),
    });
    server = await startServer(rt);
  }
  afterEach(async () => {
    await server.stop();
    await rt.cleanup();
  });

  /** A failed login for a client nobody else guesses at, so only address limits can answer 429. */
  const guess = async (from: string, forwardedFor?: string) => {
    n += 1;
    const headers = { ...FORM, authorization: basic(`unknown-client-${n}`, wrongSecret) };
    const answer = await postFrom(
      `${base}/oauth2/token`,
      from,
      forwardedFor ? { ...headers, "x-forwarded-for": forwardedFor } : headers,
      grant,
    );
    return answer.status;
  };

  it("is off by default: X-Forwarded-For is ignored, so made-up addresses do not escape the block", async () => {
    await serve();
    const answers = [];
    for (let i = 1; i <= 11; i++) answers.push(await guess("127.0.3.1", `198.51.100.${i}`));
    expect(answers).toEqual([...Array(10).fill(401), 429]);
    expect(await guess("127.0.3.1", "203.0.113.99")).toBe(429);
    expect(await guess("127.0.3.2", "198.51.100.1")).toBe(401);
  });

  it("believes X-Forwarded-For from a listed proxy only: each client behind it is limited alone, and its address is logged", async () => {
    await serve({ TRUST_PROXY: "127.0.4.0/24" });
    // Many clients behind the proxy: one client's failures never block the others.
    const answers = [];
    for (let i = 1; i <= 11; i++) answers.push(await guess("127.0.4.1", "198.51.100.7"));
    expect(answers).toEqual([...Array(10).fill(401), 429]);
    expect(await guess("127.0.4.1", "198.51.100.8")).toBe(401);
    expect(await guess("127.0.4.2", "203.0.113.5, 198.51.100.7")).toBe(429);
    expect(rt.logLines.join("")).toMatch(/"address":"198\.51\.100\.7".*an address is blocked/);

    // A peer that is not a listed proxy is its own client address, whatever it forwards.
    const direct = [];
    for (let i = 1; i <= 11; i++) direct.push(await guess("127.0.5.1", `198.51.100.${100 + i}`));
    expect(direct).toEqual([...Array(10).fill(401), 429]);
    expect(await guess("127.0.5.1", "198.51.100.200")).toBe(429);
  });
});
