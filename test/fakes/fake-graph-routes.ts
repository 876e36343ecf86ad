/** The Graph v1.0 routes of the fake: documented request and response shapes, OData errors. */

import type { FakeAnswer, ReceivedRequest } from "./fake-api-server.js";
import type { FakeApplication, FakeCredential } from "./fake-entra-directory.js";
import type { FakeGraph } from "./fake-graph.js";

/** An OData error body as Graph sends it. */
export const odata = (code: string, message: string) => ({
  error: { code, message, innerError: { date: new Date().toISOString(), "request-id": "f0f0f0f0" } },
});

const BY_APP_ID = /^\/v1\.0\/applications\(appId='([^']*)'\)(?:\/(addPassword|removePassword))?$/;

const notFound = (appId: string): FakeAnswer => ({
  status: 404,
  body: odata(
    "Request_ResourceNotFound",
    `Resource '${appId}' does not exist or one of its queried reference-property objects are not present.`,
  ),
});

const denied: FakeAnswer = {
  status: 403,
  body: odata("Authorization_RequestDenied", "Insufficient privileges to complete the operation."),
};

/** An application with only the `$select`ed properties, as Graph returns it. */
function selected(app: FakeApplication, select: string | undefined): Record<string, unknown> {
  const all: Record<string, unknown> = { ...app };
  delete all.isOwnedByBot;
  if (!select) return all;
  return Object.fromEntries(select.split(",").map((key) => [key, all[key]]));
}

const SIGN_IN_REPORT = "/beta/reports/appCredentialSignInActivities";
const BY_APP_ID_FILTER = /^appId eq '([^']*)'$/;

/**
 * The beta report of each credential's last sign-in, filtered by appId, paged. Rows carry more fields
 * than the bot reads (as Graph's do); 403 without AuditLog.Read.All.
 */
function signInReport(fake: FakeGraph, request: ReceivedRequest, url: URL): FakeAnswer {
  const scripted = fake.signInReportScript.shift();
  if (scripted) return scripted;
  if (!fake.mayReadSignIns) {
    return {
      status: 403,
      body: odata("Authentication_RequestFromNonPremiumTenantOrB2CTenant", "Insufficient privileges."),
    };
  }
  const appId = BY_APP_ID_FILTER.exec(request.query.$filter ?? "")?.[1];
  if (appId === undefined) return { status: 400, body: odata("BadRequest", "Invalid filter clause.") };
  const app = fake.directory.byAppId(appId);
  const rows = [...(app?.passwordCredentials ?? []), ...(app?.keyCredentials ?? [])].flatMap((credential) => {
    const at = fake.directory.signIns.get(credential.keyId);
    if (!at) return [];
    return [
      {
        id: `${credential.keyId}-${appId}`,
        keyId: credential.keyId,
        keyType: "clientSecret",
        keyUsage: "verify",
        appId,
        appObjectId: app?.id,
        credentialOrigin: "application",
        expirationDateTime: credential.endDateTime,
        signInActivity: { lastSignInDateTime: at.toISOString(), lastSignInRequestId: "f0f0f0f0" },
      },
    ];
  });
  const skip = Number(request.query.$skiptoken ?? 0);
  const next = new URL(url);
  next.searchParams.set("$skiptoken", String(skip + fake.pageSize));
  return {
    status: 200,
    body: {
      "@odata.context": `${fake.url}/beta/$metadata#reports/appCredentialSignInActivities`,
      value: rows.slice(skip, skip + fake.pageSize),
      ...(skip + fake.pageSize < rows.length ? { "@odata.nextLink": next.toString() } : {}),
    },
  };
}

export function answerGraph(fake: FakeGraph, request: ReceivedRequest, url: URL): FakeAnswer {
  const directory = fake.directory;
  if (request.method === "GET" && request.path === SIGN_IN_REPORT) return signInReport(fake, request, url);
  if (request.method === "GET" && request.path === "/v1.0/applications") {
    const matches = directory.filter(request.query.$filter ?? null);
    if (matches === null) {
      return {
        status: 400,
        body: odata("Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified."),
      };
    }
    const skip = Number(request.query.$skiptoken ?? 0);
    const page = matches.slice(skip, skip + fake.pageSize);
    const next = new URL(url);
    next.searchParams.set("$skiptoken", String(skip + fake.pageSize));
    return {
      status: 200,
      body: {
        "@odata.context": `${fake.url}/v1.0/$metadata#applications`,
        value: page.map((app) => selected(app, request.query.$select)),
        ...(skip + fake.pageSize < matches.length ? { "@odata.nextLink": next.toString() } : {}),
      },
    };
  }
  const match = BY_APP_ID.exec(request.path);
  if (!match)
    return { status: 400, body: odata("BadRequest", `Resource not found for the segment '${request.path}'.`) };
  const app = directory.byAppId(match[1]!);
  if (!app) return notFound(match[1]!);
  const action = match[2];
  if (request.method === "GET" && action === undefined) {
    return { status: 200, body: { "@odata.context": "…", ...selected(app, request.query.$select) } };
  }
  if (request.method !== "POST" || action === undefined) return { status: 405, body: odata("Request_BadRequest", "") };
  if (!app.isOwnedByBot) return denied;
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (action === "addPassword") {
    const input = (body.passwordCredential ?? {}) as Partial<FakeCredential>;
    return {
      status: 200,
      body: directory.addPassword(app, { displayName: input.displayName ?? undefined, endDateTime: input.endDateTime }),
    };
  }
  if (typeof body.keyId !== "string") return { status: 400, body: odata("Request_BadRequest", "keyId is required.") };
  // Graph refuses a keyId the application does not hold with 400 (not 404: the application exists).
  if (!directory.removePassword(app, body.keyId)) {
    return { status: 400, body: odata("Request_BadRequest", `No password credential with keyId ${body.keyId}.`) };
  }
  return { status: 204 };
}
