/**
 * Drives the real server's Teams endpoint as Microsoft Teams does: Bot Framework activities POSTed to
 * /api/messages with a JWT signed by the (fake) Bot Framework, against a server whose Bot Connector,
 * identity platform and signing keys are a local fake. Ann manages, Vic views, Sam holds no grant.
 */
import { type Server, startServer } from "../../../adapters/root/server.js";
import { FakeBotConnector } from "../../fakes/fake-bot-connector.js";
import { BotFrameworkKeys } from "../../fakes/fake-bot-connector-auth.js";
import type { TeamsUserSpec } from "../../fakes/fake-bot-connector-routes.js";
import { freePort } from "../../helpers/http.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, STRANGER, VIEWER } from "../../helpers/seed.js";

export const CLIENT_ID = "6a1f3c2e-8b7d-4e2a-9c1b-0d5e7f3a9b21";
export const BOT_PASSWORD = "bot-client-secret-value-never-logged";
export const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const BOT = { id: `28:${CLIENT_ID}`, name: "Secret Steward" };

export const ANN: TeamsUserSpec = { id: "29:ann", aadObjectId: "aad-ann", name: "Ann de Vries", email: MANAGER };
export const VIC: TeamsUserSpec = { id: "29:vic", aadObjectId: "aad-vic", name: "Vic Jansen", upn: VIEWER };
export const SAM: TeamsUserSpec = { id: "29:sam", aadObjectId: "aad-sam", name: "Sam Smith", email: STRANGER };
export const NOMAIL: TeamsUserSpec = { id: "29:guest", aadObjectId: "aad-guest", name: "Guest" };

export const TEAM_ID = "19:team-general@thread.tacv2";
export const CHANNEL_ID = "19:ops@thread.tacv2";
export const GROUP_CHAT = "19:group-chat@thread.v2";

export type TeamsSetup = {
  rt: TestRuntime;
  fake: FakeBotConnector;
  server: Server;
  base: string;
  stop(): Promise<void>;
};

/**
 * The Bot Framework's signing keys for one test file, made on first use. Making RSA keys is the one slow
 * part of a fake Bot Framework, so a file makes them once and every test's fresh fake signs with them.
 */
export const fileKeys = (): BotFrameworkKeys => new BotFrameworkKeys();

/**
 * The fake Bot Framework with Ann, Vic, Sam and a guest without e-mail; then the real server, on a
 * database of its own. `keys`: the file's signing keys (fileKeys), else new ones.
 */
export async function serveTeams(
  env: Record<string, string> = {},
  options: { keys?: BotFrameworkKeys } = {},
): Promise<TeamsSetup> {
  const fake = new FakeBotConnector(options.keys).addUser(ANN).addUser(VIC).addUser(SAM).addUser(NOMAIL);
  await fake.start();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const rt = await testRuntime({
    env: {
      HOST: "127.0.0.1",
      PORT: String(port),
      PUBLIC_URL: base,
      TEAMS_CLIENT_ID: CLIENT_ID,
      TEAMS_CLIENT_SECRET: BOT_PASSWORD,
      TEAMS_TENANT_ID: TENANT,
      TEAMS_SERVICE_URL: fake.serviceUrl,
      ...env,
    },
    teams: { authorityUrl: fake.authorityUrl, openIdMetadataUrl: fake.openIdMetadataUrl },
  });
  const server = await startServer(rt, {
    teams: { authorityUrl: fake.authorityUrl, openIdMetadataUrl: fake.openIdMetadataUrl },
  });
  return {
    rt,
    fake,
    server,
    base,
    stop: async () => {
      await server.stop();
      await fake.stop();
      await rt.cleanup();
    },
  };
}

export type Posted = { status: number; body: unknown; text: string };

/**
 * POSTs an activity to /api/messages with a Bot Framework JWT for it (audience: the bot, service URL:
 * the activity's); `auth` can replace the header, or be null for none.
 */
export async function postActivity(
  s: TeamsSetup,
  activity: Record<string, unknown>,
  auth?: string | null,
): Promise<Posted> {
  const serviceUrl = String(activity.serviceUrl);
  const header = auth === undefined ? `Bearer ${await s.fake.sign({ audience: CLIENT_ID, serviceUrl })}` : auth;
  const res = await fetch(`${s.base}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(header ? { authorization: header } : {}) },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text };
}
