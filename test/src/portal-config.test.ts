/** The portal's configuration (issue 20): on by default; OpenID Connect all or none, over https except on loopback. */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";

const oidc = (issuer: string) => ({
  PORTAL_OIDC_ISSUER: issuer,
  PORTAL_OIDC_CLIENT_ID: "steward-portal",
  PORTAL_OIDC_CLIENT_SECRET: "s3cret",
});
const problems = (env: Record<string, string>) => {
  const result = loadConfig(env);
  return result.ok ? [] : result.problems;
};

describe("the portal's configuration", () => {
  it("is on by default, with e-mailed links only; PORTAL=off turns it off", () => {
    const on = loadConfig({});
    expect(on.ok && on.config.portal && on.config.portalOidc === undefined).toBe(true);
    const off = loadConfig({ PORTAL: "off" });
    expect(off.ok && off.config.portal).toBe(false);
    expect(problems({ PORTAL: "maybe" })).toEqual(["PORTAL must be one of on, off"]);
  });

  it("takes an https issuer, or plain http on a loopback host only", () => {
    const https = loadConfig(oidc("https://login.example.org/realms/partners"));
    expect(https.ok && https.config.portalOidc?.issuer).toBe("https://login.example.org/realms/partners");
    expect(loadConfig(oidc("http://127.0.0.1:8080")).ok).toBe(true);
    expect(loadConfig(oidc("http://localhost:8080")).ok).toBe(true);
    expect(problems(oidc("http://login.example.org"))).toEqual([
      'PORTAL_OIDC_ISSUER must be an https:// URL (plain http only for localhost); "http://login.example.org" is not one',
    ]);
  });

  it("says what is missing when half configured", () => {
    expect(problems({ PORTAL_OIDC_ISSUER: "https://login.example.org" })).toEqual([
      "Portal sign-in through OpenID Connect is half configured: set PORTAL_OIDC_CLIENT_ID, PORTAL_OIDC_CLIENT_SECRET too, or unset PORTAL_OIDC_ISSUER",
    ]);
  });
});
