import { describe, expect, it } from "vitest";
import { describeStartup } from "../../../adapters/root/start.js";
import { testConfig } from "../../helpers/config.js";

const address = { address: "127.0.0.1", family: "IPv4", port: 3000 } as const;
const secretsLine = (env: Record<string, string>) =>
  describeStartup(testConfig(env), address, "steward.db").find((l) => l.startsWith("  Secrets"));

describe("the start-up banner", () => {
  it("names the secret provider in use and where it is, never its credentials", () => {
    const keycloak = {
      SECRET_PROVIDER: "keycloak",
      KEYCLOAK_URL: "https://sso.example.org",
      KEYCLOAK_REALM: "partners",
      KEYCLOAK_CLIENT_ID: "secret-steward",
      KEYCLOAK_CLIENT_SECRET: "kc-bot-secret",
    };
    expect(secretsLine(keycloak)).toMatch(
      /^ {2}Secrets {3}Keycloak \(realm partners at https:\/\/sso\.example\.org, as secret-steward\); at most 365 days/,
    );
    const okta = { SECRET_PROVIDER: "okta", OKTA_ORG_URL: "https://partners.okta.com", OKTA_API_TOKEN: "00token" };
    expect(secretsLine(okta)).toMatch(/^ {2}Secrets {3}Okta \(https:\/\/partners\.okta\.com\);/);
    expect(secretsLine({})).toMatch(/^ {2}Secrets {3}built-in provider;/);
    expect(`${secretsLine(keycloak)}${secretsLine(okta)}`).not.toMatch(/kc-bot-secret|00token/);
  });
});
