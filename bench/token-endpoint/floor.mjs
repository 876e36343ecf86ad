/**
 * The benchmark's floor: the least work a client_credentials token endpoint like ours cannot avoid, and
 * nothing else. Plain node:http, no framework, no database, no limiter, no metrics: it reads the form,
 * checks the Basic credentials against a keyed hash (HMAC-SHA256 under a pepper) held in memory with a
 * constant-time comparison, signs the same ES256 `at+jwt` access token as Secret Steward on libuv's
 * thread pool (crypto.sign with a callback, as adapters/providers/builtin/token-service.ts does) and
 * answers JSON. Anything our endpoint does beyond this is overhead to account for.
 *
 * Run by run.ts as its own process on 127.0.0.1:FLOOR_PORT; the client comes from FLOOR_CLIENT_ID and
 * FLOOR_CLIENT_SECRET (the same client as ours). GET / answers 200 once listening.
 *
 * FLOOR_DEFER_SIGNING=1 (passed through from `npm run bench:token`) hands each signature to the thread
 * pool at the end of the event loop's turn rather than at once, as ours does since it reads its change
 * signal once per turn: signatures then go to the pool in batches, which costs less CPU per token. The
 * default is the floor as issue 23 describes it; with this, the floor does what ours does there too.
 */
import { createHmac, generateKeyPairSync, randomBytes, randomUUID, sign, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

const port = Number(process.env.FLOOR_PORT);
const issuer = `http://127.0.0.1:${port}`;
const ttlSeconds = 3599; // as Secret Steward's default TOKEN_TTL_SECONDS
const apis = ["search"];
const isDeferred = process.env.FLOOR_DEFER_SIGNING === "1";

const pepper = randomBytes(32);
const keyedHash = (value) => createHmac("sha256", pepper).update(value).digest();
const clientId = process.env.FLOOR_CLIENT_ID ?? "";
const storedHash = keyedHash(process.env.FLOOR_CLIENT_SECRET ?? "");

const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const header = Buffer.from(JSON.stringify({ alg: "ES256", typ: "at+jwt", kid: "floor-es256" })).toString("base64url");
const signature = (input) =>
  new Promise((resolve, reject) =>
    sign("sha256", Buffer.from(input), { key: privateKey, dsaEncoding: "ieee-p1363" }, (error, signed) =>
      error ? reject(error) : resolve(signed),
    ),
  );

const answer = (res, status, body) => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    Pragma: "no-cache",
  });
  res.end(text);
};

/** The client the Basic header names, when its secret's keyed hash matches (compared in constant time). */
function authenticated(authorization) {
  if (!authorization?.startsWith("Basic ")) return false;
  const decoded = Buffer.from(authorization.slice(6), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return false;
  const presented = keyedHash(decodeURIComponent(decoded.slice(colon + 1)));
  const isSecret = timingSafeEqual(presented, storedHash);
  return isSecret && decodeURIComponent(decoded.slice(0, colon)) === clientId;
}

async function issue(scope) {
  const iat = Math.floor(Date.now() / 1000);
  const claims = { iss: issuer, sub: clientId, aud: scope, client_id: clientId, iat, nbf: iat };
  const payload = Buffer.from(JSON.stringify({ ...claims, exp: iat + ttlSeconds, jti: randomUUID(), scope })).toString(
    "base64url",
  );
  const input = `${header}.${payload}`;
  const signed = await signature(input);
  return {
    access_token: `${input}.${signed.toString("base64url")}`,
    token_type: "Bearer",
    expires_in: ttlSeconds,
    scope,
  };
}

const server = createServer((req, res) => {
  if (req.method !== "POST") {
    answer(res, 200, { floor: true });
    return;
  }
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    if (form.get("grant_type") !== "client_credentials") {
      answer(res, 400, { error: "unsupported_grant_type" });
      return;
    }
    if (!authenticated(req.headers.authorization)) {
      answer(res, 401, { error: "invalid_client" });
      return;
    }
    const scope = form.get("scope") ?? apis.join(" ");
    if (!apis.includes(scope)) {
      answer(res, 400, { error: "invalid_scope" });
      return;
    }
    const respond = () => {
      void issue(scope).then(
        (token) => answer(res, 200, token),
        () => answer(res, 500, { error: "server_error" }),
      );
    };
    if (isDeferred) setImmediate(respond);
    else respond();
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1", () => process.stdout.write(`ready ${issuer}\n`));

// Exit on SIGTERM/SIGINT through process.exit so that `node --cpu-prof` can write its profile.
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => process.exit(0));
