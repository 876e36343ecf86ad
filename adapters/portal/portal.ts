/**
 * The partner portal (issue 20): the chat commands on server-rendered pages under /portal/, one more
 * adapter. Every page runs a command line or submits a general form through the same registry and
 * policy as chat, as the signed-in person, and renders the neutral reply (view.ts, templates.ts); no
 * rule of its own decides what anyone may do. Every post is checked for origin and CSRF token and
 * answered by a redirect, except the one that reveals a new secret.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { eq } from "drizzle-orm";
import { lineOf } from "../../src/commands/actions.js";
import type { CommandEnv } from "../../src/commands/command.js";
import { runCommand } from "../../src/commands/run-command.js";
import { submitForm } from "../../src/commands/submit-form.js";
import { type Ctx, type Deps, withActor } from "../../src/context.js";
import { actorFor, Email, ensurePerson } from "../../src/people.js";
import type { Mailer } from "../../src/ports/mailer.js";
import type { Reply } from "../../src/reply.js";
import { isKnownPerson } from "../../src/verbs/is-known-person.js";
import { COPY_JS, CSS } from "./assets.js";
import {
  type Answer,
  cookieHeader,
  cookiePolicy,
  isSameOrigin,
  readCookie,
  readForm,
  redirect,
  SECURITY_HEADERS,
  securityHeaders,
  sendHtml,
} from "./http-parts.js";
import type { LinkLimiter } from "./limits.js";
import { signInMail } from "./link-mail.js";
import type { OidcSignIn } from "./oidc.js";
import { LINK_MINUTES, type Session, type SessionStore, sameToken } from "./sessions.js";
import { page } from "./templates.js";
import { replyView } from "./view.js";

export const PORTAL_PATH = "/portal";
export const CALLBACK_PATH = "/portal/auth/callback";

/** Buttons (posted command lines) never reveal a value: create and rotate answer with their form. */
const RUN_ENV: CommandEnv = { surface: "portal", canShowForms: true, canRevealSecrets: false };
/** A submitted form may reveal a new secret, on the page that answers that one post. */
const FORM_ENV: CommandEnv = { surface: "portal", canShowForms: true, canRevealSecrets: true };

const COMMAND_MAX = 1000;

export type PortalParts = {
  deps: Deps;
  mailer: Mailer;
  sessions: SessionStore;
  limiter: LinkLimiter;
  clientAddress: (req: IncomingMessage) => string;
  oidc?: OidcSignIn;
};

type Visit = { req: IncomingMessage; res: ServerResponse; url: URL; session: Session | null; token?: string };
type SignedIn = Visit & { session: Session; ctx: Ctx; email: string };

/** Only paths inside the portal are followed after sign-in (no open redirect). */
const isPortalPath = (path: string | null | undefined): path is string =>
  typeof path === "string" && /^\/portal\/[^/\\]?/.test(path) && !path.startsWith("//");

export function portalHandler(parts: PortalParts) {
  const { deps, sessions } = parts;
  const { config, log } = deps;
  const cookie = cookiePolicy(config.publicUrl);
  const headers = securityHeaders(config.portalOidc?.issuer);

  const frame = (visit: { session: Session | null }, pageTitle: string, person: string | null, script = false) => ({
    pageTitle,
    person,
    csrf: visit.session?.csrfToken ?? "",
    script,
  });

  const message = (
    visit: Visit,
    status: number,
    heading: string,
    paragraphs: string[],
    next = { href: "/portal/", label: "Go to the portal" },
  ): Answer => ({
    status,
    html: page("@message", frame(visit, heading, null), { heading, paragraphs, next }),
  });

  const answer = (visit: Visit, result: Answer) => {
    const extra = { ...result.headers };
    if (visit.token) extra["Set-Cookie"] = cookieHeader(cookie, visit.token);
    sendHtml(visit.res, { ...result, headers: extra }, headers);
  };

  /** The session a browser has, or a new one before sign-in (its cookie sent with the answer). */
  async function ensureSession(visit: Visit): Promise<Session> {
    if (visit.session) return visit.session;
    const opened = await sessions.open();
    visit.session = opened.session;
    visit.token = opened.token;
    return opened.session;
  }

  async function signedIn(visit: Visit): Promise<SignedIn | null> {
    const { session } = visit;
    if (!session?.personId) return null;
    const { people } = deps.db.t;
    const [person] = await deps.db.select().from(people).where(eq(people.id, session.personId)).limit(1);
    if (!person) return null;
    const actor = await actorFor(deps, { email: person.email, displayName: person.displayName, surface: "portal" });
    return { ...visit, session, ctx: withActor(deps, actor), email: person.email };
  }

  // ---- pages

  async function signInPage(visit: Visit, status = 200, notice?: { tone: string; text: string }) {
    await ensureSession(visit);
    answer(visit, {
      status,
      html: page("@signIn", frame(visit, "Sign in", null), { notice, oidc: parts.oidc !== undefined }),
    });
  }

  /** A page that shows a reply; a form in it gets a fresh single-use token. */
  async function replyPage(visit: SignedIn, title: string, reply: ReturnType<typeof replyView>, status = 200) {
    const formToken = reply.form ? await sessions.issueFormToken(visit.session.hash) : "";
    const html = page("@reply", frame(visit, title, visit.email), { reply, formToken });
    answer(visit, { status, html });
  }

  async function commandPage(visit: SignedIn, title: string, line: string, notFoundIsError = false) {
    const reply = await runCommand(visit.ctx, line, RUN_ENV);
    await replyPage(visit, title, replyView(reply), notFoundIsError && reply.tone === "error" ? 404 : 200);
  }

  /** Protected pages: signed in, or off to sign in first and back here after. */
  async function needsSignIn(visit: Visit, then: (v: SignedIn) => Promise<void>): Promise<void> {
    const person = await signedIn(visit);
    if (person) return then(person);
    const session = await ensureSession(visit);
    const next = `${visit.url.pathname}${visit.url.search}`;
    if (isPortalPath(next) && next !== "/portal/") await sessions.setOidc(session.hash, session.oidc, next);
    const headers: Record<string, string> = visit.token ? { "Set-Cookie": cookieHeader(cookie, visit.token) } : {};
    redirect(visit.res, "/portal/", headers);
  }

  // ---- posts

  /** Origin, session and CSRF token: a post that fails any of them changes nothing. */
  async function checkedPost(visit: Visit): Promise<{ form: Record<string, string>; session: Session } | null> {
    const form = await readForm(visit.req);
    if (!isSameOrigin(visit.req, config.publicUrl)) {
      answer(
        visit,
        message(visit, 403, "Refused", ["This form was not sent from the portal's own pages, so nothing was done."]),
      );
      return null;
    }
    const session = visit.session;
    if (!session || !form.csrf || !sameToken(form.csrf, session.csrfToken)) {
      answer(
        visit,
        message(visit, 403, "This form has expired", [
          "Your session has ended or the page was out of date, so nothing was done. Open the portal again and retry.",
        ]),
      );
      return null;
    }
    return { form, session };
  }

  async function afterPost(visit: SignedIn, reply: Reply): Promise<void> {
    await sessions.setFlash(visit.session.hash, replyView(reply) as unknown as Record<string, unknown>);
    redirect(visit.res, "/portal/done#result");
  }

  async function requestLink(visit: Visit): Promise<void> {
    const checked = await checkedPost(visit);
    if (!checked) return;
    const parsed = Email.safeParse(checked.form.email ?? "");
    if (!parsed.success) {
      return signInPage(visit, 400, {
        tone: "error",
        text: "That is not an e-mail address. Enter yours, such as ann@partner.example.org.",
      });
    }
    const email = parsed.data;
    const wait = await parts.limiter.take(parts.clientAddress(visit.req), email);
    if (wait > 0) {
      const minutes = Math.ceil(wait / 60);
      const text = `Too many sign-in links were asked for. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
      return signInPage(visit, 429, { tone: "error", text });
    }
    if (await isKnownPerson(deps, email)) {
      const token = await sessions.holdLink(checked.session.hash, email, checked.session.nextPath);
      const url = `${config.publicUrl}/portal/sign-in/link?token=${token}`;
      // Not awaited: the answer (and how long it takes) is the same for addresses we do not know.
      parts.mailer.send(signInMail(email, url)).catch((error: unknown) => {
        log.warn({ err: { message: (error as Error).message } }, "a portal sign-in link could not be mailed");
      });
    }
    redirect(visit.res, "/portal/sign-in/sent");
  }

  async function followLink(visit: Visit): Promise<void> {
    // A HEAD (a mail scanner, a link preview) neither signs in nor uses the link up.
    if (visit.req.method === "HEAD")
      return answer(visit, message(visit, 200, "Sign in", ["Open this link to sign in."]));
    const token = visit.url.searchParams.get("token") ?? "";
    const ask = { href: "/portal/", label: "Ask for a new sign-in link" };
    const link = token ? await sessions.linkOf(token) : null;
    if (!link) {
      return answer(
        visit,
        message(
          visit,
          400,
          "This sign-in link does not work",
          ["It is not known, or it was used already. Ask for a new one."],
          ask,
        ),
      );
    }
    if (link.isExpired) {
      return answer(
        visit,
        message(
          visit,
          400,
          "This sign-in link has expired",
          [`Links work for ${LINK_MINUTES} minutes. Ask for a new one.`],
          ask,
        ),
      );
    }
    if (visit.session?.hash !== link.sessionHash) {
      return answer(
        visit,
        message(
          visit,
          400,
          "Open the link in the browser where you asked for it",
          ["A sign-in link only signs in the browser that asked for it. It still works there; nothing was used up."],
          ask,
        ),
      );
    }
    await finishSignIn(visit, visit.session, link.email, token);
  }

  async function finishSignIn(visit: Visit, session: Session, email: string, linkToken?: string): Promise<void> {
    const person = await ensurePerson(deps.db, email);
    const signed = await sessions.signIn(session.hash, person.id, linkToken);
    if (!signed) {
      return answer(
        visit,
        message(visit, 400, "This sign-in link does not work", ["It was used already. Ask for a new one."]),
      );
    }
    log.info({ email }, "signed in to the portal");
    const next = isPortalPath(session.nextPath) ? session.nextPath : "/portal/";
    redirect(visit.res, next, { "Set-Cookie": cookieHeader(cookie, signed.token) });
  }

  async function startOidc(visit: Visit): Promise<void> {
    const checked = await checkedPost(visit);
    if (!checked || !parts.oidc) return;
    let started: Awaited<ReturnType<OidcSignIn["start"]>>;
    try {
      started = await parts.oidc.start();
    } catch (error) {
      log.warn({ err: { message: (error as Error).message } }, "the portal's OpenID Connect provider does not answer");
      return answer(
        visit,
        message(visit, 503, "Your organisation's sign-in service is not answering", [
          "Try again in a moment, or ask for a sign-in link by e-mail instead.",
        ]),
      );
    }
    await sessions.setOidc(checked.session.hash, started.state);
    redirect(visit.res, started.url);
  }

  async function oidcCallback(visit: Visit): Promise<void> {
    if (!parts.oidc) return answer(visit, message(visit, 404, "Not found", ["Sign-in through OpenID Connect is off."]));
    const session = visit.session;
    const outcome = await parts.oidc.finish(
      new URL(`${config.publicUrl}${visit.req.url ?? ""}`),
      session?.oidc ?? null,
    );
    if (session) await sessions.setOidc(session.hash, null);
    if (outcome.kind === "email" && session) {
      const email = Email.safeParse(outcome.email);
      if (email.success) return finishSignIn(visit, session, email.data);
    }
    const why =
      outcome.kind === "refused" && outcome.reason === "unverified"
        ? "Your organisation's account does not say your e-mail address is verified, so it cannot sign you in here."
        : outcome.kind === "refused" && outcome.reason === "state"
          ? "The answer from your organisation's sign-in service does not belong to this browser's sign-in. Start again."
          : "Your organisation's sign-in service did not sign you in. Start again, or ask for a sign-in link by e-mail.";
    answer(visit, message(visit, 400, "Not signed in", [why], { href: "/portal/", label: "Sign in again" }));
  }

  async function run(visit: Visit): Promise<void> {
    const checked = await checkedPost(visit);
    if (!checked) return;
    const person = await signedIn(visit);
    if (!person) return redirect(visit.res, "/portal/");
    const command = (checked.form.command ?? "").slice(0, COMMAND_MAX);
    await afterPost(person, await runCommand(person.ctx, command, RUN_ENV));
  }

  async function submit(visit: Visit): Promise<void> {
    const checked = await checkedPost(visit);
    if (!checked) return;
    const person = await signedIn(visit);
    if (!person) return redirect(visit.res, "/portal/");
    const { csrf: _csrf, formToken, command, ...values } = checked.form;
    if (!(await sessions.useFormToken(checked.session.hash, formToken ?? ""))) {
      const reply: Reply = {
        tone: "warning",
        title: "This form was sent already",
        blocks: [{ type: "text", text: "Nothing more was done. Open the form again to do it once more." }],
        isPrivate: true,
      };
      return afterPost(person, reply);
    }
    const outcome = await submitForm(person.ctx, command ?? "", values, FORM_ENV);
    if (outcome.kind === "problems") return afterPost(person, outcome.form);
    const { reply } = outcome;
    if (!reply.secret) return afterPost(person, reply);
    // The one answer that is not a redirect: the value lives only in this response, never stored.
    const { value, hint } = reply.secret;
    const html = page("@reveal", frame(person, "Your new secret", person.email, true), {
      reply: replyView(reply),
      secret: { value, hint },
      csrf: person.session.csrfToken,
    });
    answer(person, { status: 200, html, headers: { "Cache-Control": "no-store", Pragma: "no-cache" } });
  }

  async function signOut(visit: Visit): Promise<void> {
    const checked = await checkedPost(visit);
    if (!checked) return;
    await sessions.end(checked.session.hash);
    redirect(visit.res, "/portal/signed-out", { "Set-Cookie": cookieHeader(cookie, null) });
  }

  // ---- routing

  async function get(visit: Visit): Promise<void> {
    const path = visit.url.pathname;
    if (path === "/portal/") {
      const person = await signedIn(visit);
      if (!person) return signInPage(visit);
      if (isPortalPath(person.session.nextPath)) {
        await sessions.clearNext(person.session.hash);
        return redirect(visit.res, person.session.nextPath);
      }
      return commandPage(person, "My applications", "list");
    }
    if (path === "/portal/sign-in/sent") {
      return answer(
        visit,
        message(visit, 200, "Check your e-mail", [
          `If we know that address, a sign-in link is on its way. It works once, for ${LINK_MINUTES} minutes, in this browser.`,
        ]),
      );
    }
    if (path === "/portal/sign-in/link") return followLink(visit);
    if (path === CALLBACK_PATH) return oidcCallback(visit);
    if (path === "/portal/signed-out") {
      return answer(
        visit,
        message(visit, 200, "Signed out", ["You are signed out of the portal."], {
          href: "/portal/",
          label: "Sign in again",
        }),
      );
    }
    const app = /^\/portal\/apps\/([^/]+)$/.exec(path);
    if (app?.[1]) {
      let clientId: string;
      try {
        clientId = decodeURIComponent(app[1]);
      } catch {
        clientId = "";
      }
      return needsSignIn(visit, (v) => commandPage(v, "Application", lineOf("show", clientId), true));
    }
    if (path === "/portal/requests") return needsSignIn(visit, (v) => commandPage(v, "Open requests", "requests"));
    if (path === "/portal/request") return needsSignIn(visit, (v) => commandPage(v, "Request access", "request"));
    if (path === "/portal/audit") {
      const target = visit.url.searchParams.get("app");
      return needsSignIn(visit, (v) => commandPage(v, "Audit log", target ? lineOf("audit", target) : "audit"));
    }
    if (path === "/portal/done") {
      return needsSignIn(visit, async (v) => {
        const flash = await sessions.takeFlash(v.session);
        if (!flash) return redirect(v.res, "/portal/");
        await replyPage(v, "Result", flash as unknown as ReturnType<typeof replyView>);
      });
    }
    answer(visit, message(visit, 404, "Not found", ["There is no such page in the portal."]));
  }

  async function post(visit: Visit): Promise<void> {
    const path = visit.url.pathname;
    if (path === "/portal/sign-in") return requestLink(visit);
    if (path === "/portal/auth/start") return startOidc(visit);
    if (path === "/portal/run") return run(visit);
    if (path === "/portal/form") return submit(visit);
    if (path === "/portal/sign-out") return signOut(visit);
    answer(visit, message(visit, 404, "Not found", ["There is no such page in the portal."]));
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://portal.invalid");
    if (url.pathname === PORTAL_PATH) return redirect(res, "/portal/");
    if (url.pathname === "/portal/assets/portal.css" || url.pathname === "/portal/assets/copy.js") {
      const isCss = url.pathname.endsWith(".css");
      const body = isCss ? CSS : COPY_JS;
      res.writeHead(200, {
        "Content-Type": isCss ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8",
        "Content-Length": Buffer.byteLength(body),
        "Cache-Control": "public, max-age=3600",
        ...SECURITY_HEADERS,
      });
      res.end(body);
      return;
    }
    const session = await sessions.find(readCookie(req, cookie.name));
    const visit: Visit = { req, res, url, session };
    if (req.method === "POST") return post(visit);
    if (req.method === "GET" || req.method === "HEAD") return get(visit);
    res.writeHead(405, { Allow: "GET, HEAD, POST", "Content-Length": 0, ...SECURITY_HEADERS });
    res.end();
  };
}
