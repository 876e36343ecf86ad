/**
 * The whole configuration: one zod schema over the environment, parsed once at start.
 * Nothing else in the program reads process.env. Every problem is said in our own words, naming the
 * variable and what it may be.
 */
import { isIP } from "node:net";
import { z } from "zod";
import { providerNames } from "../db/vocabulary.js";
import { isCronPattern } from "./jobs/scheduler.js";
import { withoutTrailingSlashes } from "./urls.js";

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalText = z.preprocess(blankToUndefined, z.string().trim().optional());
const optionalUrl = (name: string, example: string) =>
  z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^https?$/, error: `${name} must be an http:// or https:// URL such as ${example}` }).optional(),
  );
const intIn = (name: string, min: number, max: number, fallback: number) => {
  const error = `${name} must be a whole number from ${min} to ${max}`;
  return z.preprocess(
    blankToUndefined,
    z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }).default(fallback),
  );
};
const oneOf = <const T extends readonly [string, ...string[]]>(name: string, values: T, fallback: T[number]) =>
  z.preprocess(
    blankToUndefined,
    z.enum(values, { error: `${name} must be one of ${values.join(", ")}` }).default(fallback as never),
  );

/** OTLP over HTTP only: the gRPC exporter is not shipped. */
const otlpProtocol = (name: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .enum(["http/json", "http/protobuf"], {
        error: `${name} must be http/json or http/protobuf (OTLP over gRPC is not supported; use port 4318 of the collector)`,
      })
      .optional(),
  );

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const emailList = z.preprocess(
  (value) =>
    typeof value === "string"
      ? value
          .split(",")
          .map((e) => e.trim().toLowerCase())
          .filter(Boolean)
      : [],
  z.array(
    z.email({ error: (issue) => `ADMIN_EMAILS must be comma-separated e-mail addresses; "${issue.input}" is not one` }),
  ),
);

const reminderDaysError =
  "REMINDER_DAYS must be comma-separated whole numbers of days from 1 to 365, such as 30,14,7,3,1";
const reminderDays = z.preprocess(
  (value) => (typeof value === "string" && value.trim() !== "" ? value.split(",").map((d) => d.trim()) : undefined),
  z
    .array(
      z.coerce
        .number({ error: reminderDaysError })
        .int({ error: reminderDaysError })
        .min(1, { error: reminderDaysError })
        .max(365, { error: reminderDaysError }),
    )
    .min(1, { error: reminderDaysError })
    .default([30, 14, 7, 3, 1])
    .transform((days) => [...new Set(days)].sort((a, b) => b - a)),
);

/** An IPv4 or IPv6 address, or a CIDR block of either (`10.0.0.0/8`, `2001:db8::/32`). */
function isAddressOrCidr(entry: string): boolean {
  const [address = "", prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const trustProxy = z.preprocess(
  (value) =>
    typeof value === "string"
      ? value
          .split(",")
          .map((entry) => entry.trim())
          .filter(Boolean)
      : [],
  z.array(
    z.string().refine(isAddressOrCidr, {
      error: (issue) =>
        `TRUST_PROXY must be comma-separated proxy addresses or CIDRs such as 10.0.0.0/8,192.168.1.10; "${issue.input}" is not one`,
    }),
  ),
);

const EnvSchema = z.object({
  DATABASE_PATH: z.preprocess(blankToUndefined, z.string().default("./data/steward.db")),
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .refine((url) => isPostgresUrl(url), {
        error: "DATABASE_URL must be a PostgreSQL URL such as postgres://steward:…@db.example.org:5432/steward",
      })
      .optional(),
  ),
  HOST: z.preprocess(blankToUndefined, z.string().default("127.0.0.1")),
  PORT: intIn("PORT", 0, 65535, 3000),
  PUBLIC_URL: optionalUrl("PUBLIC_URL", "https://steward.example.org"),
  ADMIN_EMAILS: emailList,
  SECRET_PROVIDER: oneOf("SECRET_PROVIDER", providerNames, "builtin"),
  SECRET_MAX_LIFETIME_DAYS: intIn("SECRET_MAX_LIFETIME_DAYS", 1, 3650, 365),
  SECRET_MAX_ACTIVE: intIn("SECRET_MAX_ACTIVE", 1, 100, 5),
  GRANT_MAX_DAYS: intIn("GRANT_MAX_DAYS", 1, 3650, 365),
  ROTATION_IDLE_HOURS: intIn("ROTATION_IDLE_HOURS", 1, 8760, 24),
  STEWARD_PEPPER: z.preprocess(
    blankToUndefined,
    z
      .string()
      .min(32, { error: "STEWARD_PEPPER must be at least 32 characters of random data (e.g. openssl rand -base64 48)" })
      .optional(),
  ),
  TOKEN_TTL_SECONDS: intIn("TOKEN_TTL_SECONDS", 60, 86400, 3599),
  REMINDER_DAYS: reminderDays,
  REMINDER_CRON: z.preprocess(
    blankToUndefined,
    z.string().default("0 9 * * *").refine(isCronPattern, {
      error: "REMINDER_CRON must be a cron schedule of five fields, such as 0 9 * * 1-5 (09:00 on weekdays)",
    }),
  ),
  REMINDER_TIMEZONE: z.preprocess(
    blankToUndefined,
    z
      .string()
      .default("UTC")
      .refine((tz) => isTimeZone(tz), {
        error: "REMINDER_TIMEZONE must be an IANA time zone such as Europe/Amsterdam",
      }),
  ),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_TOKEN: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: optionalUrl("SLACK_API_URL", "https://slack.com/api/"),
  TEAMS_CLIENT_ID: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(GUID, {
        error: (issue) =>
          `TEAMS_CLIENT_ID must be the bot's Microsoft App ID, a GUID; "${issue.input}" is not one (Azure Bot → Configuration → Microsoft App ID)`,
      })
      .optional(),
  ),
  TEAMS_CLIENT_SECRET: optionalText,
  TEAMS_TENANT_ID: optionalText,
  TEAMS_SERVICE_URL: optionalUrl("TEAMS_SERVICE_URL", "https://smba.trafficmanager.net/teams/"),
  TEAMS_ALLOW_UNAUTHENTICATED: oneOf("TEAMS_ALLOW_UNAUTHENTICATED", ["true", "false"], "false"),
  SMTP_URL: z.preprocess(
    blankToUndefined,
    z
      .url({
        protocol: /^smtps?$/,
        error: "SMTP_URL must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.org:587",
      })
      .optional(),
  ),
  MAIL_FROM: z.preprocess(blankToUndefined, z.string().default("Secret Steward <steward@localhost>")),
  ENTRA_TENANT_ID: optionalText,
  ENTRA_CLIENT_ID: optionalText,
  ENTRA_CLIENT_SECRET: optionalText,
  GRAPH_URL: optionalUrl("GRAPH_URL", "https://graph.microsoft.us"),
  ENTRA_AUTHORITY_URL: optionalUrl("ENTRA_AUTHORITY_URL", "https://login.microsoftonline.us"),
  KEYCLOAK_URL: optionalUrl("KEYCLOAK_URL", "https://keycloak.example.org"),
  KEYCLOAK_REALM: optionalText,
  KEYCLOAK_CLIENT_ID: optionalText,
  KEYCLOAK_CLIENT_SECRET: optionalText,
  OKTA_ORG_URL: optionalUrl("OKTA_ORG_URL", "https://example.okta.com"),
  OKTA_API_TOKEN: optionalText,
  TRUST_PROXY: trustProxy,
  METRICS_TOKEN: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .min(16, { error: "METRICS_TOKEN must be at least 16 characters (e.g. openssl rand -hex 24)" })
      .optional(),
  ),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector:4318"),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalUrl(
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    "http://otel-collector:4318/v1/traces",
  ),
  OTEL_EXPORTER_OTLP_PROTOCOL: otlpProtocol("OTEL_EXPORTER_OTLP_PROTOCOL"),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: otlpProtocol("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"),
  OTEL_SERVICE_NAME: z.preprocess(blankToUndefined, z.string().trim().default("secret-steward")),
  OTEL_SDK_DISABLED: oneOf("OTEL_SDK_DISABLED", ["true", "false"], "false"),
  PORTAL: oneOf("PORTAL", ["on", "off"], "on"),
  PORTAL_OIDC_ISSUER: optionalUrl("PORTAL_OIDC_ISSUER", "https://login.example.org/realms/partners"),
  PORTAL_OIDC_CLIENT_ID: optionalText,
  PORTAL_OIDC_CLIENT_SECRET: optionalText,
  LOG_LEVEL: oneOf("LOG_LEVEL", ["fatal", "error", "warn", "info", "debug", "trace", "silent"], "info"),
});

function isPostgresUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === "postgres:" || parsed.protocol === "postgresql:") && parsed.pathname.length > 1;
  } catch {
    return false;
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Each secret provider's own variables: all set, or none (then the provider is off). */
const providerVariables = {
  entra: { what: "Microsoft Entra ID", names: ["ENTRA_TENANT_ID", "ENTRA_CLIENT_ID", "ENTRA_CLIENT_SECRET"] },
  keycloak: {
    what: "Keycloak",
    names: ["KEYCLOAK_URL", "KEYCLOAK_REALM", "KEYCLOAK_CLIENT_ID", "KEYCLOAK_CLIENT_SECRET"],
  },
  okta: { what: "Okta", names: ["OKTA_ORG_URL", "OKTA_API_TOKEN"] },
} as const;

/** The chosen provider's variables when none of them is set (half set is reported by allOrNone). */
function chosenProviderMissing(env: Record<string, string | undefined>): string[] {
  const chosen = env.SECRET_PROVIDER;
  if (chosen !== "entra" && chosen !== "keycloak" && chosen !== "okta") return [];
  const { what, names } = providerVariables[chosen];
  if (names.some((n) => env[n] !== undefined)) return [];
  return [`SECRET_PROVIDER=${chosen} needs the ${what} variables: set ${names.join(", ")} (see README.md)`];
}

/** The portal's OpenID Connect issuer: https, or plain http only on a loopback host (local use). */
function portalIssuerProblems(issuer: string | undefined): string[] {
  if (issuer === undefined || !URL.canParse(issuer)) return [];
  const url = new URL(issuer);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const isLoopback = host === "localhost" || host === "::1" || /^127\./.test(host);
  if (url.protocol === "https:" || (url.protocol === "http:" && isLoopback)) return [];
  return [`PORTAL_OIDC_ISSUER must be an https:// URL (plain http only for localhost); "${issuer}" is not one`];
}

/** A group of variables that must be set all together or not at all. */
function allOrNone(env: Record<string, string | undefined>, names: string[], what: string): string[] {
  const set = names.filter((n) => env[n] !== undefined);
  if (set.length === 0 || set.length === names.length) return [];
  const missing = names.filter((n) => env[n] === undefined);
  return [`${what} is half configured: set ${missing.join(", ")} too, or unset ${set.join(", ")}`];
}

export type Config = ReturnType<typeof toConfig>;

/**
 * OpenTelemetry's standard variables, as far as the bot chooses from them: where traces go (the traces
 * endpoint as given, or `/v1/traces` under the general one), over which protocol (the SDK's default,
 * http/protobuf), and the service name. Off without an endpoint or with OTEL_SDK_DISABLED=true. The
 * exporter itself still reads the rest (OTEL_EXPORTER_OTLP_HEADERS, …_TIMEOUT, OTEL_RESOURCE_ATTRIBUTES).
 */
function tracingOf(env: z.infer<typeof EnvSchema>) {
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const url =
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base ? `${withoutTrailingSlashes(base)}/v1/traces` : undefined);
  if (!url || env.OTEL_SDK_DISABLED === "true") return undefined;
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? "http/protobuf";
  return { url, protocol, serviceName: env.OTEL_SERVICE_NAME };
}

/**
 * The address the bot is reached at when PUBLIC_URL is not set: `http://localhost:$PORT` on a loopback or
 * every-interface HOST (the default), else HOST itself. The issuer, the start-up banner and README use it.
 */
export function localUrl(host: string, port: number): string {
  const isLocal = /^(127\.\d+\.\d+\.\d+|::1|localhost|0\.0\.0\.0|::|)$/i.test(host);
  const name = isLocal ? "localhost" : host.includes(":") ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

function toConfig(env: z.infer<typeof EnvSchema>) {
  return {
    databasePath: env.DATABASE_PATH,
    databaseUrl: env.DATABASE_URL,
    host: env.HOST,
    port: env.PORT,
    publicUrl: withoutTrailingSlashes(env.PUBLIC_URL ?? localUrl(env.HOST, env.PORT)),
    /** PUBLIC_URL was given; without it the issuer is the local address the banner prints. */
    isPublicUrlSet: env.PUBLIC_URL !== undefined,
    adminEmails: env.ADMIN_EMAILS,
    secretProvider: env.SECRET_PROVIDER,
    secretMaxLifetimeDays: env.SECRET_MAX_LIFETIME_DAYS,
    secretMaxActive: env.SECRET_MAX_ACTIVE,
    grantMaxDays: env.GRANT_MAX_DAYS,
    rotationIdleHours: env.ROTATION_IDLE_HOURS,
    pepper: env.STEWARD_PEPPER,
    tokenTtlSeconds: env.TOKEN_TTL_SECONDS,
    reminderDays: env.REMINDER_DAYS,
    reminderCron: env.REMINDER_CRON,
    reminderTimezone: env.REMINDER_TIMEZONE,
    slack:
      env.SLACK_SIGNING_SECRET && env.SLACK_BOT_TOKEN
        ? {
            signingSecret: env.SLACK_SIGNING_SECRET,
            botToken: env.SLACK_BOT_TOKEN,
            appToken: env.SLACK_APP_TOKEN,
            apiUrl: env.SLACK_API_URL,
          }
        : undefined,
    teams:
      env.TEAMS_CLIENT_ID && env.TEAMS_CLIENT_SECRET && env.TEAMS_TENANT_ID
        ? { clientId: env.TEAMS_CLIENT_ID, clientSecret: env.TEAMS_CLIENT_SECRET, tenantId: env.TEAMS_TENANT_ID }
        : undefined,
    teamsServiceUrl: env.TEAMS_SERVICE_URL,
    teamsAllowUnauthenticated: env.TEAMS_ALLOW_UNAUTHENTICATED === "true",
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    entra:
      env.ENTRA_TENANT_ID && env.ENTRA_CLIENT_ID && env.ENTRA_CLIENT_SECRET
        ? {
            tenantId: env.ENTRA_TENANT_ID,
            clientId: env.ENTRA_CLIENT_ID,
            clientSecret: env.ENTRA_CLIENT_SECRET,
            graphUrl: env.GRAPH_URL ?? "https://graph.microsoft.com",
            authorityUrl: env.ENTRA_AUTHORITY_URL ?? "https://login.microsoftonline.com",
          }
        : undefined,
    trustProxy: env.TRUST_PROXY,
    keycloak:
      env.KEYCLOAK_URL && env.KEYCLOAK_REALM && env.KEYCLOAK_CLIENT_ID && env.KEYCLOAK_CLIENT_SECRET
        ? {
            url: withoutTrailingSlashes(env.KEYCLOAK_URL),
            realm: env.KEYCLOAK_REALM,
            clientId: env.KEYCLOAK_CLIENT_ID,
            clientSecret: env.KEYCLOAK_CLIENT_SECRET,
          }
        : undefined,
    okta:
      env.OKTA_ORG_URL && env.OKTA_API_TOKEN
        ? { orgUrl: withoutTrailingSlashes(env.OKTA_ORG_URL), apiToken: env.OKTA_API_TOKEN }
        : undefined,
    metricsToken: env.METRICS_TOKEN,
    tracing: tracingOf(env),
    portal: env.PORTAL === "on",
    portalOidc:
      env.PORTAL_OIDC_ISSUER && env.PORTAL_OIDC_CLIENT_ID && env.PORTAL_OIDC_CLIENT_SECRET
        ? {
            issuer: env.PORTAL_OIDC_ISSUER,
            clientId: env.PORTAL_OIDC_CLIENT_ID,
            clientSecret: env.PORTAL_OIDC_CLIENT_SECRET,
          }
        : undefined,
    logLevel: env.LOG_LEVEL,
  };
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/**
 * What `steward teams-package` needs, and nothing more: the bot's Microsoft App ID (TEAMS_CLIENT_ID),
 * checked as start-up checks it. The package holds no secret, so TEAMS_CLIENT_SECRET and TEAMS_TENANT_ID
 * are not asked for.
 */
export function teamsClientIdOf(
  source: Record<string, string | undefined>,
): { ok: true; clientId: string } | { ok: false; problem: string | undefined } {
  const parsed = EnvSchema.shape.TEAMS_CLIENT_ID.safeParse(source.TEAMS_CLIENT_ID);
  if (!parsed.success) return { ok: false, problem: parsed.error.issues[0]?.message };
  return parsed.data ? { ok: true, clientId: parsed.data } : { ok: false, problem: undefined };
}

/** Validates the environment once; returns every problem found, not just the first. */
export function loadConfig(source: Record<string, string | undefined>): ConfigResult {
  const env = Object.fromEntries(
    Object.entries(source).map(([k, v]) => [k, typeof v === "string" && v.trim() === "" ? undefined : v]),
  );
  const parsed = EnvSchema.safeParse(env);
  const problems = parsed.success ? [] : [...new Set(parsed.error.issues.map((issue) => issue.message))];
  problems.push(
    ...allOrNone(env, ["SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN"], "Slack"),
    ...allOrNone(env, ["TEAMS_CLIENT_ID", "TEAMS_CLIENT_SECRET", "TEAMS_TENANT_ID"], "Microsoft Teams"),
    ...Object.values(providerVariables).flatMap(({ what, names }) => allOrNone(env, [...names], what)),
    ...allOrNone(
      env,
      ["PORTAL_OIDC_ISSUER", "PORTAL_OIDC_CLIENT_ID", "PORTAL_OIDC_CLIENT_SECRET"],
      "Portal sign-in through OpenID Connect",
    ),
    ...portalIssuerProblems(env.PORTAL_OIDC_ISSUER),
    ...chosenProviderMissing(env),
  );
  if (env.DATABASE_URL && env.DATABASE_PATH) {
    problems.push(
      "DATABASE_URL and DATABASE_PATH are both set: unset DATABASE_PATH to use PostgreSQL, or DATABASE_URL to use SQLite",
    );
  }
  if (env.DATABASE_URL && !env.STEWARD_PEPPER) {
    problems.push(
      "DATABASE_URL needs STEWARD_PEPPER too: every replica must hash secrets with the same pepper (e.g. openssl rand -base64 48)",
    );
  }
  if (env.SLACK_APP_TOKEN && !(env.SLACK_SIGNING_SECRET && env.SLACK_BOT_TOKEN)) {
    problems.push("SLACK_APP_TOKEN needs SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN as well");
  }
  if (parsed.success && parsed.data.SECRET_PROVIDER === "entra" && parsed.data.SECRET_MAX_LIFETIME_DAYS > 730) {
    problems.push("SECRET_MAX_LIFETIME_DAYS must be at most 730 with SECRET_PROVIDER=entra (Entra's own cap)");
  }
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  return { ok: true, config: toConfig(parsed.data) };
}
